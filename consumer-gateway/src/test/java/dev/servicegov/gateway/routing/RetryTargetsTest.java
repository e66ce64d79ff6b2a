package dev.servicegov.gateway.routing;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.function.Function;

import org.junit.jupiter.api.Test;
import org.springframework.cloud.client.DefaultServiceInstance;
import org.springframework.cloud.client.ServiceInstance;

import dev.servicegov.gateway.instances.InstanceQuarantine;

/**
 * A retry is planned only when the load balancer has an instance to give it: one it has not tried among those it
 * chooses from. Were a put-aside instance counted, the first answer was dropped and the retry found nothing, a 503
 * "no healthy instance" in place of the instance's own answer.
 */
class RetryTargetsTest {

    private static final ServiceInstance A = new DefaultServiceInstance("web-a", "web", "10.0.0.1", 8080, false);
    private static final ServiceInstance B = new DefaultServiceInstance("web-b", "web", "10.0.0.2", 8080, false);
    private static final Function<String, String> NO_HEADERS = name -> null;

    private final InstanceQuarantine quarantine = new InstanceQuarantine(Duration.ofSeconds(10), Clock.systemUTC());
    private final RetryTargets targets = new RetryTargets(service -> List.of(A, B), quarantine,
            (service, header, instances) -> instances);

    @Test
    void anUntriedInstanceIsATarget() {
        assertThat(targets.anyUntried("web", NO_HEADERS, List.of(A))).isTrue();
        assertThat(targets.anyUntried("web", NO_HEADERS, List.of(A, B))).isFalse();
    }

    @Test
    void anUntriedInstancePutAsideIsNone() {
        quarantine.putAside(B, "connection refused");

        assertThat(targets.anyUntried("web", NO_HEADERS, List.of(A))).isFalse();
    }

    @Test
    void whenEveryInstanceIsPutAsideTheyAreAllChosenFromAgain() {
        quarantine.putAside(A, "503");
        quarantine.putAside(B, "connection refused");

        assertThat(targets.anyUntried("web", NO_HEADERS, List.of(A))).as("as the load balancer does").isTrue();
    }

    @Test
    void onlyTheInstancesTheHintLeavesCount() {
        RetryTargets hinted = new RetryTargets(service -> List.of(A, B), quarantine,
                (service, header, instances) -> instances.stream().filter(A::equals).toList());

        assertThat(hinted.anyUntried("web", NO_HEADERS, List.of(A))).isFalse();
    }
}
