package dev.servicegov.registrator.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.Mockito.doThrow;
import static org.mockito.Mockito.mock;

import java.net.ConnectException;

import org.junit.jupiter.api.Test;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.Status;

class RegistryHealthIndicatorTest {

    private final ServiceRegistry registry = mock(ServiceRegistry.class);
    private final RegistryHealthIndicator indicator = new RegistryHealthIndicator(registry, "consul at http://consul-agent:8500");

    @Test
    void aRegistryThatAnswersIsUp() {
        Health health = indicator.health();

        assertThat(health.getStatus()).isEqualTo(Status.UP);
        assertThat(health.getDetails()).containsEntry("registry", "consul at http://consul-agent:8500");
    }

    @Test
    void aRegistryThatDoesNotAnswerIsDownWithTheReasonAndWhereItWasAsked() {
        doThrow(new RegistryUnreachableException("Consul: ping failed: Connection refused [is the registry at "
                + "registrator.registry-uri running and reachable?]", new ConnectException("Connection refused")))
                .when(registry).ping();

        Health health = indicator.health();

        assertThat(health.getStatus()).isEqualTo(Status.DOWN);
        assertThat(health.getDetails())
                .containsEntry("registry", "consul at http://consul-agent:8500")
                .containsEntry("error", "Consul: ping failed: Connection refused [is the registry at registrator.registry-uri "
                        + "running and reachable?]");
    }
}
