package dev.servicegov.gateway.config;

import java.util.Objects;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import dev.servicegov.gateway.catalog.ServiceCatalog;
import dev.servicegov.gateway.catalog.ServicesController;
import dev.servicegov.gateway.catalog.WatchedDiscoveryClient;
import dev.servicegov.gateway.consul.CatalogWatch;
import dev.servicegov.gateway.consul.ConsulClient;
import dev.servicegov.gateway.consul.HealthWatchRegistry;
import dev.servicegov.gateway.error.ErrorClassifier;
import dev.servicegov.gateway.error.GatewayErrorHandler;
import dev.servicegov.gateway.error.ServiceNames;
import dev.servicegov.gateway.routing.CatalogRouteSource;
import dev.servicegov.gateway.routing.PeriodicRouteRefresher;
import dev.servicegov.gateway.routing.RetryUnreachedGatewayFilterFactory;
import dev.servicegov.gateway.routing.ServedByHeaderFilter;
import dev.servicegov.gateway.routing.ServiceRouteDefinitionLocator;
import dev.servicegov.gateway.routing.StickyInstanceCookieFilter;
import dev.servicegov.gateway.settings.GatewayProperties;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.cloud.gateway.discovery.DiscoveryClientRouteDefinitionLocator;
import org.springframework.cloud.gateway.discovery.DiscoveryLocatorProperties;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.Order;

/**
 * Wires the gateway's own beans. The routes: one per service of Consul's catalog (as last known), built
 * by the gateway's discovery locator from {@code spring.cloud.gateway.server.webflux.discovery.locator.*}.
 */
@Configuration(proxyBeanMethods = false)
public class GatewayConfiguration {

    /** The routes are asked first (handler-mapping.order), so none is given the name of a path the gateway serves. */
    @Bean
    ServiceRouteDefinitionLocator serviceRouteDefinitionLocator(CatalogWatch catalog,
            DiscoveryLocatorProperties locatorProperties, GatewayProperties properties,
            @Value("${management.endpoints.web.base-path:/actuator}") String actuatorBasePath) {
        // a base path of "/" puts actuator's endpoints at the root: no single name to keep free for them
        Set<String> ownPaths = Stream.of(ServicesController.PATH, actuatorBasePath).map(ServiceNames::fromPath)
                .filter(Objects::nonNull).collect(Collectors.toSet());
        return new ServiceRouteDefinitionLocator(
                new DiscoveryClientRouteDefinitionLocator(new CatalogRouteSource(catalog::serviceNames, ownPaths),
                        locatorProperties),
                service -> properties.service(service).responseTimeout());
    }

    @Bean
    ServiceCatalog serviceCatalog(CatalogWatch catalog, HealthWatchRegistry watches, ConsulClient gatewayConsulClient) {
        return new ServiceCatalog(new WatchedDiscoveryClient(catalog, watches, gatewayConsulClient), catalog::isKnown);
    }

    @Bean
    RetryUnreachedGatewayFilterFactory retryUnreachedGatewayFilterFactory() {
        return new RetryUnreachedGatewayFilterFactory();
    }

    @Bean
    ServedByHeaderFilter servedByHeaderFilter(GatewayProperties properties) {
        return new ServedByHeaderFilter(properties.servedByHeader());
    }

    @Bean
    StickyInstanceCookieFilter stickyInstanceCookieFilter(GatewayProperties properties) {
        return new StickyInstanceCookieFilter(properties::stickyInstanceCookieOf);
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
