package dev.servicegov.gateway.config;

import dev.servicegov.gateway.catalog.ServiceCatalog;
import dev.servicegov.gateway.catalog.WatchedDiscoveryClient;
import dev.servicegov.gateway.consul.CatalogWatch;
import dev.servicegov.gateway.consul.ConsulClient;
import dev.servicegov.gateway.consul.HealthWatchRegistry;
import dev.servicegov.gateway.error.ErrorClassifier;
import dev.servicegov.gateway.error.GatewayErrorHandler;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.Order;

/** The catalog the gateway's own endpoints show, and their error answers. */
@Configuration(proxyBeanMethods = false)
public class GatewayConfiguration {

    @Bean
    ServiceCatalog serviceCatalog(CatalogWatch catalog, HealthWatchRegistry watches, ConsulClient gatewayConsulClient) {
        WatchedDiscoveryClient discovery = new WatchedDiscoveryClient(catalog, watches, gatewayConsulClient);
        return new ServiceCatalog(discovery, catalog::presenceOf, discovery::lastChange);
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
