package dev.servicegov.gateway.consul;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.Test;

class DepartedServicesTest {

    private final AtomicLong now = new AtomicLong();
    private final DepartedServices departed = new DepartedServices(Duration.ofSeconds(60), now::get);

    @Test
    void aServiceThatLeftTheCatalogIsRememberedForTheMemoryAndNoLonger() {
        departed.follow(Set.of("web", "api"));
        departed.follow(Set.of("api"));

        now.addAndGet(Duration.ofSeconds(59).toNanos());
        assertThat(departed.departedRecently("web")).isTrue();
        assertThat(departed.departedRecently("api")).as("still listed").isFalse();
        assertThat(departed.departedRecently("never")).isFalse();

        now.addAndGet(Duration.ofSeconds(1).toNanos());
        assertThat(departed.departedRecently("web")).isFalse();
    }

    @Test
    void aServiceBackInTheCatalogIsNoLongerDeparted() {
        departed.follow(Set.of("web"));
        departed.follow(Set.of());
        assertThat(departed.departedRecently("web")).isTrue();

        departed.follow(Set.of("web"));
        assertThat(departed.departedRecently("web")).isFalse();
    }

    @Test
    void zeroMemoryRemembersNone() {
        DepartedServices none = new DepartedServices(Duration.ZERO, now::get);
        none.follow(Set.of("web"));
        none.follow(Set.of());
        assertThat(none.departedRecently("web")).isFalse();
    }
}
