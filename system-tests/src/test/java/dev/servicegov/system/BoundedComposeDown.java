package dev.servicegov.system;

import java.time.Duration;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;

/**
 * {@code docker compose down}, bounded in time: an engine that missed its containers' exit events (seen once with
 * Docker 20.10 after the Consul servers were faulted) blocks {@code down} for ever. Then the test fails, naming the
 * engine's view of the stack, instead of the whole suite hanging.
 */
final class BoundedComposeDown {

    private BoundedComposeDown() {
    }

    static void run(Runnable down, Duration timeout, Supplier<String> engineView) {
        FutureTask<Void> task = new FutureTask<>(down, null);
        Thread thread = new Thread(task, "compose-down");
        thread.setDaemon(true);
        thread.start();
        try {
            task.get(timeout.toSeconds(), TimeUnit.SECONDS);
        } catch (TimeoutException e) {
            throw new IllegalStateException("docker compose down did not finish within " + timeout.toSeconds()
                    + " s. The engine's view of the stack: " + engineView.get() + ". An engine that shows containers as "
                    + "running whose processes are gone has missed their exit events; restart dockerd to clear it.", e);
        } catch (ExecutionException e) {
            throw e.getCause() instanceof RuntimeException runtime ? runtime : new IllegalStateException(e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
