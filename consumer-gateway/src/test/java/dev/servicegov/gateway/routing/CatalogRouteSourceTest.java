package dev.servicegov.gateway.routing;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Set;

import org.junit.jupiter.api.Test;
import reactor.core.publisher.Flux;

import org.springframework.cloud.client.ServiceInstance;

class CatalogRouteSourceTest {

    @Test
    void aServiceNamedLikeOneOfTheGatewaysOwnPathsGetsNoRoute() {
        CatalogRouteSource source = new CatalogRouteSource(() -> Flux.just("service-web", "services", "actuator", "consul"),
                Set.of("services", "actuator"));

        assertThat(source.getServices().collectList().block(Duration.ofSeconds(1)))
                .containsExactly("service-web", "consul");
    }

    @Test
    void eachServiceIsRepresentedByOneStandInInstanceForTheLoadBalancerToReplace() {
        CatalogRouteSource source = new CatalogRouteSource(() -> Flux.just("cart"), Set.of("services"));

        assertThat(source.getInstances("cart").map(ServiceInstance::getServiceId).collectList().block(Duration.ofSeconds(1)))
                .containsExactly("cart");
    }
}
