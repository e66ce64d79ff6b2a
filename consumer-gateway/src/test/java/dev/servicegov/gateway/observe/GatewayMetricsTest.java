package dev.servicegov.gateway.observe;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;

import org.springframework.cloud.client.DefaultServiceInstance;

class GatewayMetricsTest {

    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private final Instant[] now = {Instant.parse("2026-12-07T10:00:00Z")};
    private final GatewayMetrics metrics = new GatewayMetrics(registry, clockAt(now));

    private static DefaultServiceInstance web(String letter) {
        return new DefaultServiceInstance("web-" + letter, "web", "10.0.0.2", 8080, false);
    }

    @Test
    void aServiceThatLeftTheCatalogTakesItsMetersAlongAndLeavesTheOthers() {
        for (String service : List.of("web", "batch-job-17")) {
            metrics.changed(service, List.of(new DefaultServiceInstance(service + "-1", service, "10.0.0.2", 8080, false)));
            metrics.attempted(service, service + "-1", "200", Duration.ofMillis(3));
            metrics.failed(service, service + "-1", "status_503");
            metrics.retried(service);
        }

        metrics.gone("batch-job-17");

        assertThat(registry.find("gateway.instances.passing").tag("service", "batch-job-17").meters()).isEmpty();
        assertThat(registry.getMeters()).noneMatch(meter -> "batch-job-17".equals(meter.getId().getTag("service")));
        assertThat(registry.find("gateway.instances.passing").tag("service", "web").gauge().value()).isEqualTo(1.0);
        assertThat(registry.find("gateway.upstream.requests").tag("service", "web").timer().count()).isEqualTo(1);

        metrics.changed("batch-job-17", List.of());
        metrics.attempted("batch-job-17", "batch-job-17-2", "200", Duration.ofMillis(1));
        assertThat(registry.find("gateway.instances.passing").tag("service", "batch-job-17").gauge().value())
                .as("back in the catalog: metered afresh").isZero();
        assertThat(registry.find("gateway.upstream.requests").tag("service", "batch-job-17").timer().count()).isEqualTo(1);
    }

    @Test
    void webSocketsAreCountedOpenedAndOpenPerServiceAndOneStillOpenWhenItsServiceLeftIsNotTakenOffTheNewCount() {

        Runnable first = metrics.webSocketOpened("chat");
        metrics.webSocketOpened("chat").run();
        assertThat(registry.find("gateway.websockets.opened").tag("service", "chat").counter().count()).isEqualTo(2);
        assertThat(registry.find("gateway.websockets.open").tag("service", "chat").gauge().value()).isEqualTo(1);

        metrics.gone("chat");
        assertThat(registry.find("gateway.websockets.open").tag("service", "chat").meters()).as("gone with the service")
                .isEmpty();
        Runnable second = metrics.webSocketOpened("chat");
        first.run();
        assertThat(registry.find("gateway.websockets.open").tag("service", "chat").gauge().value())
                .as("the socket opened before the service left is not taken off the new count").isEqualTo(1);
        second.run();
        assertThat(registry.find("gateway.websockets.open").tag("service", "chat").gauge().value()).isZero();
    }

    @Test
    void anInstanceThatLeftTakesItsMetersAlongFiveMinutesLaterAtTheNextChange() {
        var a = web("a");
        var b = web("b");
        var c = web("c");
        metrics.changed("web", List.of(a, b));
        for (String instance : List.of("web-a", "web-b")) {
            metrics.attempted("web", instance, "200", Duration.ofMillis(3));
            metrics.failed("web", instance, "status_503");
        }

        metrics.changed("web", List.of(a));
        assertThat(registry.find("gateway.upstream.requests").tag("instance", "web-b").timers())
                .as("kept for the scrapes to come").hasSize(1);

        now[0] = now[0].plus(GatewayMetrics.KEPT_AFTER_LEAVING);
        metrics.changed("web", List.of(a, c));
        assertThat(registry.getMeters()).as("web-b's meters gone")
                .noneMatch(meter -> "web-b".equals(meter.getId().getTag("instance")));
        assertThat(registry.find("gateway.upstream.requests").tag("instance", "web-a").timer().count()).isEqualTo(1);
        assertThat(registry.find("gateway.upstream.errors").tag("instance", "web-a").counter().count()).isEqualTo(1);
        assertThat(registry.find("gateway.instances.updates").tag("service", "web").counter().count()).isEqualTo(3);

        metrics.attempted("web", "web-b", "200", Duration.ofMillis(1));
        assertThat(registry.find("gateway.upstream.requests").tag("instance", "web-b").timer().count())
                .as("back: metered afresh").isEqualTo(1);
    }

    @Test
    void anInstanceBackWithinFiveMinutesIsNoLongerCountedAsGone() {
        var a = web("a");
        metrics.changed("web", List.of(a));
        metrics.attempted("web", "web-a", "200", Duration.ofMillis(3));
        metrics.changed("web", List.of());
        now[0] = now[0].plus(Duration.ofMinutes(4));
        metrics.changed("web", List.of(a));
        now[0] = now[0].plus(Duration.ofMinutes(2));
        metrics.changed("web", List.of(a));
        metrics.attempted("web", "web-a", "200", Duration.ofMillis(3));

        assertThat(registry.find("gateway.upstream.requests").tag("instance", "web-a").timer().count()).isEqualTo(2);
    }

    @Test
    void anInstanceThatLeftTakesItsMetersAlongFiveMinutesLaterThoughItsServiceListNeverChangesAgain() {
        var a = web("a");
        var b = web("b");
        metrics.changed("web", List.of(a, b));
        metrics.attempted("web", "web-a", "200", Duration.ofMillis(3));
        metrics.attempted("web", "web-b", "200", Duration.ofMillis(3));
        metrics.changed("web", List.of(a));
        // a try at an instance already gone, ending after the last change
        metrics.attempted("web", "web-old", "connect_error", Duration.ofMillis(1));
        metrics.failed("web", "web-old", "connect_error");

        now[0] = now[0].plus(Duration.ofMinutes(4));
        metrics.expire();
        assertThat(registry.find("gateway.upstream.requests").tag("instance", "web-b").timers()).hasSize(1);

        now[0] = now[0].plus(Duration.ofMinutes(1));
        metrics.expire();
        assertThat(registry.getMeters()).as("web-b's meters gone").noneMatch(meter -> "web-b".equals(meter.getId().getTag("instance")));
        assertThat(registry.find("gateway.upstream.requests").tag("instance", "web-old").timers())
                .as("metered after the change: five minutes from the expiry that saw it").hasSize(1);

        now[0] = now[0].plus(Duration.ofMinutes(4));
        metrics.expire();
        assertThat(registry.getMeters()).noneMatch(meter -> "web-old".equals(meter.getId().getTag("instance")));
        assertThat(registry.find("gateway.upstream.requests").tag("instance", "web-a").timer().count()).isEqualTo(1);
    }

    @Test
    void theServicesItHoldsAreThoseWithMetersAndAReleaseTakesThemAlongEvenMeteredAfterTheServiceLeft() {
        metrics.changed("web", List.of(new DefaultServiceInstance("web-1", "web", "10.0.0.2", 8080, false)));
        metrics.changed("job", List.of(new DefaultServiceInstance("job-1", "job", "10.0.0.3", 8080, false)));
        metrics.answered(null, 400, "bad request");
        metrics.gone("job");
        // a try in flight as the service left
        metrics.attempted("job", "job-1", "200", Duration.ofMillis(3));
        metrics.answered("job", 502, "the instance failed");
        assertThat(metrics.services()).containsExactlyInAnyOrder("web", "job");

        metrics.release("job");

        assertThat(metrics.services()).containsExactly("web");
        assertThat(registry.getMeters()).noneMatch(meter -> "job".equals(meter.getId().getTag("service")));
    }

    private static Clock clockAt(Instant[] now) {
        return new Clock() {
            @Override
            public Instant instant() {
                return now[0];
            }

            @Override
            public java.time.ZoneId getZone() {
                return ZoneOffset.UTC;
            }

            @Override
            public Clock withZone(java.time.ZoneId zone) {
                return this;
            }
        };
    }

    @Test
    void theStatusCodesAnInstanceAnswersShareOneHistogramPerClass() {
        for (String status : List.of("404", "405", "418", "200", "204", "timeout")) {
            metrics.attempted("web", "web-1", status, Duration.ofMillis(2));
        }
        assertThat(registry.find("gateway.upstream.requests").timers())
                .extracting(timer -> timer.getId().getTag("outcome"), io.micrometer.core.instrument.Timer::count)
                .containsExactlyInAnyOrder(org.assertj.core.groups.Tuple.tuple("4xx", 3L),
                        org.assertj.core.groups.Tuple.tuple("2xx", 2L), org.assertj.core.groups.Tuple.tuple("timeout", 1L));
    }
}
