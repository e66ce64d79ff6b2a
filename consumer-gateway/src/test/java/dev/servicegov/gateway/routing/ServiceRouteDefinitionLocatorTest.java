package dev.servicegov.gateway.routing;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.ConnectException;
import java.net.URI;
import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.Test;
import reactor.core.publisher.Flux;

import org.springframework.cloud.gateway.route.RouteDefinition;

class ServiceRouteDefinitionLocatorTest {

    private static RouteDefinition route(String uri) {
        RouteDefinition route = new RouteDefinition();
        route.setUri(URI.create(uri));
        return route;
    }

    @Test
    void givesEachServiceItsOwnResponseTimeout() {
        ServiceRouteDefinitionLocator locator = new ServiceRouteDefinitionLocator(
                () -> Flux.just(route("lb://slow"), route("lb://other")),
                service -> service.equals("slow") ? Duration.ofMillis(500) : null);

        List<RouteDefinition> routes = locator.getRouteDefinitions().collectList().block();

        assertThat(routes.get(0).getMetadata()).containsEntry("response-timeout", 500L);
        assertThat(routes.get(1).getMetadata()).doesNotContainKey("response-timeout");
    }

    @Test
    void readsServiceNamesThatAreNoHostNames() {
        assertThat(ServiceRouteDefinitionLocator.serviceOf(URI.create("lb://web"))).isEqualTo("web");
        assertThat(ServiceRouteDefinitionLocator.serviceOf(URI.create("lb://my_service"))).isEqualTo("my_service");
    }

    @Test
    void onlyAnUnreachedInstanceCountsAsNeverReached() {
        assertThat(RetryUnreachedGatewayFilterFactory.neverReached(new RuntimeException(new ConnectException("refused"))))
                .isTrue();
        assertThat(RetryUnreachedGatewayFilterFactory.neverReached(new java.io.IOException("reset"))).isFalse();
    }
}
