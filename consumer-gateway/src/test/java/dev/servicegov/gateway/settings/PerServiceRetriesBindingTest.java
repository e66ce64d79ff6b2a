package dev.servicegov.gateway.settings;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;

import org.junit.jupiter.api.Test;

import org.springframework.boot.context.properties.bind.BindException;

/** {@code gateway.services.<name>.retries}: a service's own number of retries, else {@code gateway.proxy.retries}. */
class PerServiceRetriesBindingTest {

    @Test
    void aServiceWithItsOwnRetriesGetsThemTheOthersTheGlobalOnes() {
        GatewayProperties properties = bind(Map.of("gateway.services.billing.retries", "0",
                "gateway.services.catalog.retries", "4", "gateway.services.cart.policy", "random"));
        assertThat(properties.retriesOf("billing")).isZero();
        assertThat(properties.retriesOf("catalog")).isEqualTo(4);
        assertThat(properties.retriesOf("cart")).as("settings of its own, but not this one").isEqualTo(2);
        assertThat(properties.retriesOf("other")).isEqualTo(2);
        assertThat(bind(Map.of("gateway.proxy.retries", "1")).retriesOf("other")).isEqualTo(1);
    }

    @Test
    void aNegativeNumberIsRefusedNamingTheProperty() {
        assertThatThrownBy(() -> bind(Map.of("gateway.services.billing.retries", "-1")))
                .isInstanceOf(BindException.class)
                .rootCause().hasMessageContaining("gateway.services.billing.retries");
    }

    private static GatewayProperties bind(Map<String, String> properties) {
        return GatewayBinding.bind(properties);
    }
}
