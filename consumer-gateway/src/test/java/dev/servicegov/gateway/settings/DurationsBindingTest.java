package dev.servicegov.gateway.settings;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.Map;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import org.springframework.boot.context.properties.bind.BindException;

/** A negative duration, or a zero period, stops the start naming the property, the value and the expected form. */
class DurationsBindingTest {

    @ParameterizedTest
    @ValueSource(strings = {"put-aside-duration", "proxy.connect-timeout", "proxy.response-timeout",
        "proxy.websocket-idle-timeout", "watch.blocking-wait", "watch.min-interval", "watch.first-answer-timeout",
        "watch.idle-timeout", "watch.recovery-grace", "watch.departed-service-memory", "services.billing.response-timeout"})
    void aNegativeDurationIsRefusedAndZeroTaken(String property) {
        assertThatThrownBy(() -> GatewayBinding.bind(Map.of("gateway." + property, "-1s")))
                .isInstanceOf(BindException.class)
                // the start's report shows the value as given ("-1s") from this origin, with the message
                .rootCause().hasMessageContaining("origin \"gateway." + property + "\"")
                .hasMessageContaining("must not be negative: 0 or more with a unit, e.g. 10s");
        assertThat(GatewayBinding.bind(Map.of("gateway." + property, "0s"))).isNotNull();
    }

    @ParameterizedTest
    @ValueSource(strings = {"watch.retry-interval", "watch.probe-interval", "watch.probe-timeout"})
    void aPeriodOrProbeTimeoutMustBeMoreThanZero(String property) {
        for (String value : new String[] {"0s", "-1s"}) {
            assertThatThrownBy(() -> GatewayBinding.bind(Map.of("gateway." + property, value)))
                    .isInstanceOf(BindException.class)
                    .rootCause().hasMessageContaining("origin \"gateway." + property + "\"")
                    .hasMessageContaining("must be more than 0, with a unit, e.g. 1s");
        }
        assertThat(GatewayBinding.bind(Map.of("gateway." + property, "1ms")).watch()).isNotNull();
    }

    @org.junit.jupiter.api.Test
    void theDefaultsPass() {
        assertThat(GatewayBinding.bind(Map.of()).watch().probeInterval()).isEqualTo(Duration.ofSeconds(2));
    }
}
