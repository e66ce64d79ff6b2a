package dev.servicegov.gateway.config;

import dev.servicegov.gateway.consul.CatalogWatch;
import dev.servicegov.gateway.consul.ConsulReachability;
import dev.servicegov.gateway.consul.HealthWatchRegistry;
import dev.servicegov.gateway.instances.InFlightRequests;
import dev.servicegov.gateway.instances.InstanceQuarantine;
import dev.servicegov.gateway.observe.GatewayMetrics;
import dev.servicegov.gateway.observe.RecentRequests;
import dev.servicegov.gateway.observe.StatusReport;
import dev.servicegov.gateway.observe.UpstreamTries;
import dev.servicegov.gateway.settings.GatewayProperties;
import io.micrometer.core.instrument.MeterRegistry;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** Metrics, the record of recent requests and the accounting of tries that feeds them (and the put-aside registry). */
@Configuration(proxyBeanMethods = false)
public class ObservabilityConfiguration {

    @Bean
    GatewayMetrics gatewayMetrics(MeterRegistry registry) {
        return new GatewayMetrics(registry);
    }

    @Bean
    RecentRequests recentRequests(GatewayProperties properties) {
        return new RecentRequests(properties.recentRequests());
    }

    @Bean
    UpstreamTries upstreamTries(InFlightRequests inFlight, InstanceQuarantine quarantine, GatewayMetrics metrics,
            RecentRequests recent) {
        return new UpstreamTries(inFlight, quarantine, metrics, recent);
    }

    @Bean
    StatusReport statusReport(ConsulReachability reachability, HealthWatchRegistry watches, InstanceQuarantine quarantine,
            InFlightRequests inFlight, RecentRequests recent, GatewayProperties properties, CatalogWatch catalog) {
        return new StatusReport(reachability, watches, quarantine, inFlight, recent, properties, catalog::knownCount);
    }
}
