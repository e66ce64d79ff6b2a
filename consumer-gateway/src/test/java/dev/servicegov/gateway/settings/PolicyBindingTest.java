package dev.servicegov.gateway.settings;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import org.springframework.boot.context.properties.bind.BindException;

/** {@code gateway.default-policy} and {@code gateway.services.<name>.policy}: mistakes stop the gateway at start. */
class PolicyBindingTest {

    @Test
    void anUnknownPolicyIsRefusedNamingTheProperty() {
        assertThatThrownBy(() -> bind(Map.of("gateway.services.cart.policy", "least-connections")))
                .isInstanceOf(BindException.class).hasMessageContaining("gateway.services.cart.policy");
        assertThatThrownBy(() -> bind(Map.of("gateway.default-policy", "fastest")))
                .isInstanceOf(BindException.class).hasMessageContaining("gateway.default-policy");
        // Spring Boot reads enum names leniently: case, '-' and '_' do not matter
        assertThat(bind(Map.of("gateway.default-policy", "LEAST_REQUESTS")).policyOf("any")).isEqualTo(Policy.LEAST_REQUESTS);
    }

    @Test
    void aStickyServiceWithoutAHeaderOrCookieIsRefusedNamingTheProperties() {
        assertThatThrownBy(() -> bind(Map.of("gateway.services.cart.policy", "sticky")))
                .isInstanceOf(BindException.class).rootCause()
                .hasMessageContaining("gateway.services.cart.sticky-header")
                .hasMessageContaining("gateway.services.cart.sticky-instance-cookie");
    }

    @Test
    void aStickyDefaultPolicyIsRefusedNamingTheProperties() {
        // a service's own sticky header or cookie cannot make the default sticky for the services without one
        for (Map<String, String> properties : List.of(Map.of("gateway.default-policy", "sticky"),
                Map.of("gateway.default-policy", "sticky", "gateway.services.cart.sticky-header", "X-User"))) {
            assertThatThrownBy(() -> bind(properties))
                    .isInstanceOf(BindException.class).rootCause()
                    .hasMessageContaining("gateway.default-policy")
                    .hasMessageContaining("gateway.services.<name>.sticky-header")
                    .hasMessageContaining("gateway.services.<name>.sticky-cookie")
                    .hasMessageContaining("gateway.services.<name>.sticky-instance-cookie");
        }
    }

    @Test
    void aStickyServiceNeedsOnlyOneOfThem() {
        for (String key : new String[] {"sticky-header", "sticky-cookie", "sticky-instance-cookie"}) {
            GatewayProperties properties = bind(Map.of("gateway.services.cart.policy", "sticky",
                    "gateway.services.cart." + key, "X"));
            assertThat(properties.policyOf("cart")).isEqualTo(Policy.STICKY);
        }
        assertThat(bind(Map.of("gateway.services.cart.policy", "power-of-two")).policyOf("cart"))
                .isEqualTo(Policy.POWER_OF_TWO);
    }

    private static GatewayProperties bind(Map<String, String> properties) {
        return GatewayBinding.bind(properties);
    }
}
