package dev.servicegov.gateway.config;

import dev.servicegov.gateway.catalog.ServiceCatalog;
import dev.servicegov.gateway.error.ErrorClassifier;
import dev.servicegov.gateway.error.GatewayErrorHandler;
import dev.servicegov.gateway.routing.PeriodicRouteRefresher;
import dev.servicegov.gateway.routing.ServedByHeaderFilter;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.cloud.client.discovery.ReactiveDiscoveryClient;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.Order;

/** Wires the gateway's own beans; the routes themselves come from the discovery locator. */
@Configuration(proxyBeanMethods = false)
public class GatewayConfiguration {

    @Bean
    ServiceCatalog serviceCatalog(ReactiveDiscoveryClient discoveryClient) {
        return new ServiceCatalog(discoveryClient);
    }

    @Bean
    ServedByHeaderFilter servedByHeaderFilter(GatewayProperties properties) {
        return new ServedByHeaderFilter(properties.servedByHeader());
    }

    @Bean
    PeriodicRouteRefresher periodicRouteRefresher(ApplicationEventPublisher publisher, GatewayProperties properties) {
        return new PeriodicRouteRefresher(publisher, properties.routeRefreshInterval());
    }

    @Bean
    ErrorClassifier errorClassifier() {
        return new ErrorClassifier();
    }

    /** Ahead of Spring Boot's default handler (order -1), so gateway errors never fall through to it. */
    @Bean
    @Order(-2)
    GatewayErrorHandler gatewayErrorHandler(ErrorClassifier classifier, ServiceCatalog catalog, JsonMapper jsonMapper) {
        return new GatewayErrorHandler(classifier, catalog, jsonMapper);
    }
}
