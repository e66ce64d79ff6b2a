package dev.servicegov.gateway.settings;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;

import org.junit.jupiter.api.Test;

import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;

/** {@code gateway.hidden-services} as the environment sets it: unset, a list, or empty to route every service. */
class HiddenServicesBindingTest {

    @Test
    void unsetHidesConsulsOwnService() {
        assertThat(bind(Map.of()).hiddenServices()).containsExactly("consul");
    }

    @Test
    void aCommaSeparatedListReplacesTheDefault() {
        assertThat(bind(Map.of("gateway.hidden-services", "billing, consul")).hiddenServices())
                .containsExactlyInAnyOrder("billing", "consul");
    }

    @Test
    void emptyHidesNone() {
        assertThat(bind(Map.of("gateway.hidden-services", "")).hiddenServices()).isEmpty();
    }

    private static GatewayProperties bind(Map<String, String> properties) {
        return new Binder(new MapConfigurationPropertySource(properties))
                .bindOrCreate("gateway", GatewayProperties.class);
    }
}
