package dev.servicegov.gateway.config;

import dev.servicegov.gateway.catalog.ServiceCatalog;
import dev.servicegov.gateway.catalog.ServicesController;
import dev.servicegov.gateway.catalog.WatchedDiscoveryClient;
import dev.servicegov.gateway.consul.CatalogWatch;
import dev.servicegov.gateway.consul.ConsulClient;
import dev.servicegov.gateway.consul.ConsulReachability;
import dev.servicegov.gateway.consul.HealthWatchRegistry;
import dev.servicegov.gateway.error.ErrorClassifier;
import dev.servicegov.gateway.error.GatewayErrorHandler;
import dev.servicegov.gateway.error.OwnPaths;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.Order;

/** The catalog the gateway's own endpoints show, and their error answers. */
@Configuration(proxyBeanMethods = false)
public class GatewayConfiguration {

    @Bean
    ServiceCatalog serviceCatalog(CatalogWatch catalog, HealthWatchRegistry watches, ConsulClient gatewayConsulClient,
            ConsulReachability reachability) {
        WatchedDiscoveryClient discovery = new WatchedDiscoveryClient(catalog, watches, gatewayConsulClient,
                () -> reachability.state() == ConsulReachability.State.REACHABLE);
        return new ServiceCatalog(discovery, catalog::presenceOf, discovery::lastChange);
    }

    @Bean
    ErrorClassifier errorClassifier() {
        return new ErrorClassifier();
    }

    @Bean
    OwnPaths ownPaths(@Value("${management.endpoints.web.base-path:/actuator}") String actuatorBasePath) {
        return OwnPaths.of(ServicesController.PATH, actuatorBasePath);
    }

    /** Ahead of Spring Boot's default handler (order -1), so gateway errors never fall through to it. */
    @Bean
    @Order(-2)
    GatewayErrorHandler gatewayErrorHandler(ErrorClassifier classifier, ServiceCatalog catalog, OwnPaths ownPaths,
            JsonMapper jsonMapper) {
        return new GatewayErrorHandler(classifier, catalog, ownPaths, jsonMapper);
    }
}
