package dev.servicegov.gateway.routing;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Set;

import dev.servicegov.gateway.error.OwnPaths;
import org.junit.jupiter.api.Test;

class RoutableServicesTest {

    private final RoutableServices routable = new RoutableServices(Set.of("web", "services", "actuator")::contains,
            OwnPaths.of("/services", "/actuator"));

    @Test
    void servicesOfTheCatalogAreRouted() {
        assertThat(routable.test("web")).isTrue();
    }

    @Test
    void namesTheCatalogDoesNotHaveAreLeftToTheGatewaysOwnEndpoints() {
        assertThat(routable.test("unknown")).isFalse();
    }

    @Test
    void aServiceNamedLikeOneOfTheGatewaysOwnPathsIsNotRouted() {
        assertThat(routable.test("services")).isFalse();
        assertThat(routable.test("actuator")).isFalse();
    }
}
