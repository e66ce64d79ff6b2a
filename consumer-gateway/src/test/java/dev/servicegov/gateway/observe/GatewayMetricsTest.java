package dev.servicegov.gateway.observe;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;

import org.springframework.cloud.client.DefaultServiceInstance;

class GatewayMetricsTest {

    @Test
    void aServiceThatLeftTheCatalogTakesItsMetersAlongAndLeavesTheOthers() {
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        GatewayMetrics metrics = new GatewayMetrics(registry);
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
}
