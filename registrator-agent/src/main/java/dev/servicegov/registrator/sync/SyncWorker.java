package dev.servicegov.registrator.sync;

import java.time.Duration;
import java.util.concurrent.locks.LockSupport;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one thread that runs the {@link RegistrationEngine}'s passes, one after the other. When it is stopped, it makes
 * one last pass over the work queued by then, so that containers stopped together with the agent ({@code docker
 * compose down}, a host shutting down) leave the registry at once, not after Consul's
 * {@code deregister-critical-service-after}.
 */
final class SyncWorker {

    /** One pass of the engine, waiting up to {@code maxWait} for work. */
    interface Pass {
        void run(Duration maxWait) throws InterruptedException;
    }

    private static final Logger log = LoggerFactory.getLogger(SyncWorker.class);
    /** How long {@link #stop()} waits for the last pass: the registry's own timeouts bound each write in it. */
    private static final Duration LAST_PASS_WAIT = Duration.ofSeconds(5);

    private final Pass pass;
    private final Runnable onUnexpectedError;
    private volatile Thread thread;

    /** @param onUnexpectedError counts a pass that failed with an error nothing else handled */
    SyncWorker(Pass pass, Runnable onUnexpectedError) {
        this.pass = pass;
        this.onUnexpectedError = onUnexpectedError;
    }

    synchronized void start() {
        Thread started = new Thread(this::loop, "registrator-sync");
        started.setDaemon(true);
        thread = started;
        started.start();
    }

    /** Ends the passes, waiting a few seconds for the last one. */
    synchronized void stop() {
        Thread running = thread;
        thread = null;
        if (running != null) {
            running.interrupt();
            try {
                running.join(LAST_PASS_WAIT.toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private void loop() {
        while (thread == Thread.currentThread()) {
            try {
                pass.run(Duration.ofSeconds(1));
            } catch (InterruptedException e) {
                break;
            } catch (RuntimeException | LinkageError | StackOverflowError e) {
                // this thread alone writes to the registry: were it to end, nothing would be registered any more
                onUnexpectedError.run();
                log.error("Unexpected error in the sync loop; continuing in a second", e);
                LockSupport.parkNanos(Duration.ofSeconds(1).toNanos()); // an error on every pass must not spin
            }
        }
        lastPass();
    }

    private void lastPass() {
        Thread.interrupted(); // the stop's interrupt, which would cut the pass's registry calls short
        try {
            pass.run(Duration.ZERO);
        } catch (InterruptedException | RuntimeException e) {
            log.warn("The last pass before stopping failed: {}; what it did not write stays as it was", e.toString());
        }
    }
}
