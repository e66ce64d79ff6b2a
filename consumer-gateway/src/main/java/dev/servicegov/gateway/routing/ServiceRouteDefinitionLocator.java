package dev.servicegov.gateway.routing;

import java.net.URI;
import java.time.Duration;
import java.util.function.Function;

import reactor.core.publisher.Flux;

import org.springframework.cloud.gateway.route.RouteDefinition;
import org.springframework.cloud.gateway.route.RouteDefinitionLocator;
import org.springframework.cloud.gateway.support.RouteMetadataUtils;

/**
 * The discovery routes, each given its service's own response timeout ({@code gateway.services.<name>.response-timeout})
 * as route metadata, which the gateway's HTTP client honours per route.
 */
public class ServiceRouteDefinitionLocator implements RouteDefinitionLocator {

    private final RouteDefinitionLocator discoveryRoutes;
    private final Function<String, Duration> responseTimeouts;

    /** @param responseTimeouts the response timeout of a service, {@code null} for the global one */
    public ServiceRouteDefinitionLocator(RouteDefinitionLocator discoveryRoutes, Function<String, Duration> responseTimeouts) {
        this.discoveryRoutes = discoveryRoutes;
        this.responseTimeouts = responseTimeouts;
    }

    @Override
    public Flux<RouteDefinition> getRouteDefinitions() {
        return discoveryRoutes.getRouteDefinitions().map(this::withServiceSettings);
    }

    private RouteDefinition withServiceSettings(RouteDefinition route) {
        String service = serviceOf(route.getUri());
        Duration timeout = service != null ? responseTimeouts.apply(service) : null;
        if (timeout != null) {
            route.getMetadata().put(RouteMetadataUtils.RESPONSE_TIMEOUT_ATTR, timeout.toMillis());
        }
        return route;
    }

    /** {@code lb://name} → name, also for names that are not valid host names. */
    static String serviceOf(URI uri) {
        if (uri == null) {
            return null;
        }
        if (uri.getHost() != null) {
            return uri.getHost();
        }
        String rest = uri.getRawSchemeSpecificPart();
        if (rest == null) {
            return null;
        }
        rest = rest.startsWith("//") ? rest.substring(2) : rest;
        int end = rest.indexOf('/');
        return end >= 0 ? rest.substring(0, end) : rest;
    }
}
