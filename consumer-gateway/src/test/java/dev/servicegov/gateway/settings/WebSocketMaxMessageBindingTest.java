package dev.servicegov.gateway.settings;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;

import org.junit.jupiter.api.Test;

import org.springframework.boot.context.properties.bind.BindException;
import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;

/** {@code gateway.proxy.websocket-max-message}: 64KB unless set, 1KB to 2GB. */
class WebSocketMaxMessageBindingTest {

    @Test
    void itIs64KbUnlessSet() {
        assertThat(bind(Map.of()).proxy().websocketMaxMessageBytes()).isEqualTo(64 * 1024);
        assertThat(bind(Map.of("gateway.proxy.websocket-max-message", "1MB")).proxy().websocketMaxMessageBytes())
                .isEqualTo(1024 * 1024);
    }

    @Test
    void aSizeOutsideItsRangeStopsTheGatewayNamingTheSetting() {
        for (String size : new String[] {"100B", "3GB"}) {
            assertThatThrownBy(() -> bind(Map.of("gateway.proxy.websocket-max-message", size))).as(size)
                    .isInstanceOf(BindException.class)
                    .rootCause().hasMessageContaining("websocket-max-message must be between 1KB and 2GB");
        }
    }

    private static GatewayProperties bind(Map<String, String> properties) {
        return new Binder(new MapConfigurationPropertySource(properties))
                .bindOrCreate("gateway", Bindable.of(GatewayProperties.class));
    }
}
