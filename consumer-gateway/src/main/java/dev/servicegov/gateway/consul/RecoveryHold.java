package dev.servicegov.gateway.consul;

import java.time.Duration;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;

import reactor.core.publisher.Mono;

/**
 * Holds back an answer that takes something away (instances, services) while Consul has only just come back:
 * the servers then briefly count the agent that was away as failed. The latest held answer is handed over once
 * Consul has settled, unless a later answer was taken first.
 *
 * @param <T> the answer's value
 */
final class RecoveryHold<T> {

    private static final Duration RECHECK = Duration.ofMillis(250);

    private final BooleanSupplier settled;
    private final Consumer<T> release;
    private volatile boolean holding;
    private volatile T held;

    /**
     * @param settled whether an answer that takes something away is to be believed now
     * @param release takes the held answer once Consul has settled
     */
    RecoveryHold(BooleanSupplier settled, Consumer<T> release) {
        this.settled = settled;
        this.release = release;
    }

    boolean settled() {
        return settled.getAsBoolean();
    }

    /** Keeps the answer back until Consul has settled; true when this starts a hold (the caller may say so). */
    boolean hold(T answer) {
        held = answer;
        if (holding) {
            return false;
        }
        holding = true;
        Mono.delay(RECHECK).repeat(() -> holding && !settled.getAsBoolean())
                .then(Mono.fromRunnable(this::releaseHeld)).subscribe();
        return true;
    }

    /** A later answer is taken as it is: what was held is no longer handed over. */
    void cancel() {
        holding = false;
    }

    private void releaseHeld() {
        if (holding) {
            holding = false;
            release.accept(held);
        }
    }
}
