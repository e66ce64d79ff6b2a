package dev.servicegov.gateway.observe;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.EOFException;
import java.net.ConnectException;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeoutException;

import dev.servicegov.gateway.instances.InFlightRequests;
import dev.servicegov.gateway.instances.InstanceQuarantine;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;

import org.springframework.cloud.client.DefaultServiceInstance;
import org.springframework.cloud.client.ServiceInstance;

class UpstreamTriesTest {

    private final ServiceInstance web1 = new DefaultServiceInstance("web-1", "web", "10.0.0.5", 8080, false);
    private final ServiceInstance web2 = new DefaultServiceInstance("web-2", "web", "10.0.0.6", 8080, false);
    private final InFlightRequests inFlight = new InFlightRequests();
    private final InstanceQuarantine quarantine = new InstanceQuarantine(Duration.ofSeconds(10), Clock.systemUTC());
    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private final RecentRequests recent = new RecentRequests(10);
    private final UpstreamTries tries = new UpstreamTries(inFlight, quarantine, new GatewayMetrics(registry), recent);

    @Test
    void aTryIsInFlightUntilItEndsAndIsRemembered() {
        UpstreamTries.Try attempt = tries.started(web1, false);
        assertThat(inFlight.of(web1)).isEqualTo(1);

        tries.answered(attempt, 200);

        assertThat(inFlight.of(web1)).isZero();
        assertThat(recent.snapshot()).singleElement().satisfies(entry -> {
            assertThat(entry.instance()).isEqualTo("web-1");
            assertThat(entry.outcome()).isEqualTo("200");
        });
        assertThat(registry.get("gateway.upstream.requests").tag("outcome", "2xx").timer().count()).isEqualTo(1);
    }

    @Test
    void aRefusedConnectionOrA503PutsTheInstanceAside() {
        tries.failed(tries.started(web1, false), new ConnectException("refused"));
        tries.answered(tries.started(web2, true), 503);

        assertThat(quarantine.isPutAside(web1)).isTrue();
        assertThat(quarantine.isPutAside(web2)).isTrue();
        assertThat(registry.get("gateway.upstream.retries").counter().count()).isEqualTo(1);
        assertThat(registry.get("gateway.upstream.errors").tag("kind", "connect_error").counter().count()).isEqualTo(1);
        assertThat(registry.get("gateway.upstream.errors").tag("kind", "status_503").counter().count()).isEqualTo(1);
    }

    @Test
    void aTimeoutOrA500LeavesTheInstanceInRotation() {
        tries.failed(tries.started(web1, false), new TimeoutException("slow"));
        tries.answered(tries.started(web2, false), 500);

        assertThat(quarantine.filter(List.of(web1, web2))).containsExactly(web1, web2);
        assertThat(recent.snapshot()).extracting(RecentRequests.Entry::outcome).containsExactly("timeout", "500");
    }

    @Test
    void aClientHangingUpIsNoErrorOfTheInstance() {
        tries.clientClosed(tries.started(web1, false), new EOFException("client reset"));

        assertThat(inFlight.of(web1)).isZero();
        assertThat(quarantine.isPutAside(web1)).isFalse();
        assertThat(registry.find("gateway.upstream.errors").counters()).isEmpty();
        assertThat(registry.get("gateway.upstream.requests").tag("outcome", "client_closed").timer().count())
                .isEqualTo(1);
        assertThat(recent.snapshot()).extracting(RecentRequests.Entry::outcome).containsExactly("client_closed");
    }

    @Test
    void failuresAreNamedByTheirCause() {
        assertThat(UpstreamTries.outcomeOf(new RuntimeException(new TimeoutException()))).isEqualTo("timeout");
        assertThat(UpstreamTries.outcomeOf(new EOFException("reset"))).isEqualTo("connect_error");
        assertThat(UpstreamTries.outcomeOf(new IllegalStateException())).isEqualTo("error");
    }
}
