package dev.servicegov.gateway.instances;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;

import org.junit.jupiter.api.Test;

import org.springframework.cloud.client.DefaultServiceInstance;
import org.springframework.cloud.client.ServiceInstance;

class InstanceQuarantineTest {

    /** A clock the test moves by hand. */
    private static final class HandClock extends java.time.Clock {
        private Instant now = Instant.parse("2026-01-01T00:00:00Z");

        @Override
        public java.time.ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public java.time.Clock withZone(java.time.ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }

    private final HandClock clock = new HandClock();
    private final InstanceQuarantine quarantine = new InstanceQuarantine(Duration.ofSeconds(10), clock);
    private final ServiceInstance a = new DefaultServiceInstance("a", "svc", "h", 1, false);
    private final ServiceInstance b = new DefaultServiceInstance("b", "svc", "h", 2, false);

    @Test
    void aPutAsideInstanceIsLeftOutForTheConfiguredTime() {
        quarantine.putAside(a, "refused");

        assertThat(quarantine.filter(List.of(a, b))).containsExactly(b);
        clock.now = clock.now.plusSeconds(9);
        assertThat(quarantine.filter(List.of(a, b))).containsExactly(b);
        clock.now = clock.now.plusSeconds(2);
        assertThat(quarantine.filter(List.of(a, b))).containsExactly(a, b);
        assertThat(quarantine.isPutAside(a)).isFalse();
    }

    /** Instances that left (a redeployment's) are never asked about again: they must not stay here for ever. */
    @Test
    void anInstancePutAsideLongAgoIsSweptOutByTheNextPutAside() {
        quarantine.putAside(a, "refused");
        clock.now = clock.now.plusSeconds(11);

        quarantine.putAside(b, "refused");

        assertThat(quarantine.size()).isEqualTo(1);
        assertThat(quarantine.isPutAside(b)).isTrue();
    }

    /** Likewise the in-flight counts: an instance's goes with its last request. */
    @Test
    void anInstanceWithoutRequestsInFlightHoldsNoEntry() {
        InFlightRequests inFlight = new InFlightRequests();
        inFlight.started(a);
        inFlight.started(a);
        inFlight.finished(a);
        assertThat(inFlight.of(a)).isEqualTo(1);

        inFlight.finished(a);

        assertThat(inFlight.instances()).isZero();
        assertThat(inFlight.of(a)).isZero();
        inFlight.started(a);
        assertThat(inFlight.of(a)).as("counted afresh").isEqualTo(1);
    }

    @Test
    void neverLeavesAServiceWithoutInstances() {
        quarantine.putAside(a, "refused");
        quarantine.putAside(b, "reset");

        assertThat(quarantine.filter(List.of(a, b))).containsExactly(a, b);
    }

    @Test
    void aZeroDurationPutsNothingAside() {
        InstanceQuarantine off = new InstanceQuarantine(Duration.ZERO, clock);
        off.putAside(a, "refused");
        assertThat(off.filter(List.of(a, b))).containsExactly(a, b);
    }
}
