package dev.servicegov.registrator.sync;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.Test;

/** The engine's clock reads the wall time once, then only {@link System#nanoTime()}, which no step of the host's clock moves. */
class MonotonicClockTest {

    @Test
    void itMovesWithTheElapsedTimeFromTheWallTimeItStartedAtAndNothingElse() {
        AtomicLong nanos = new AtomicLong(-5_000_000_000L);
        Instant origin = Instant.parse("2026-12-07T10:00:00Z");
        MonotonicClock clock = new MonotonicClock(origin, nanos::get);
        assertThat(clock.instant()).isEqualTo(origin);

        nanos.addAndGet(Duration.ofMillis(1500).toNanos());
        assertThat(clock.instant()).isEqualTo(origin.plusMillis(1500));
    }
}
