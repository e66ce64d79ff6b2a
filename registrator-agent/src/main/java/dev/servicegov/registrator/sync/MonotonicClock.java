package dev.servicegov.registrator.sync;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.function.LongSupplier;

/**
 * A clock that only moves forward: the wall time when it was made, plus the time elapsed since as
 * {@link System#nanoTime()} counts it. The engine schedules heartbeats, retries, agent watches and reconciles by it, so
 * that a step of the host's clock (NTP at boot, a virtual machine restored from a snapshot) does not put them off by
 * the size of the step, nor make them all due at once.
 */
final class MonotonicClock extends Clock {

    private final Instant origin;
    private final long originNanos;
    private final LongSupplier nanos;

    MonotonicClock(Instant origin, LongSupplier nanos) {
        this.origin = origin;
        this.nanos = nanos;
        this.originNanos = nanos.getAsLong();
    }

    static MonotonicClock startingNow() {
        return new MonotonicClock(Instant.now(), System::nanoTime);
    }

    @Override
    public Instant instant() {
        return origin.plus(Duration.ofNanos(nanos.getAsLong() - originNanos));
    }

    @Override
    public ZoneId getZone() {
        return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
        throw new UnsupportedOperationException("a monotonic clock has no zone but UTC");
    }
}
