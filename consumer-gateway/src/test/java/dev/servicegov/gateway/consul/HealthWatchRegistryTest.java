package dev.servicegov.gateway.consul;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.web.reactive.function.client.WebClient;

class HealthWatchRegistryTest {

    /** Nothing listens on port 1 of loopback: every query fails at once. */
    private final ConsulClient unreachable = new ConsulClient(WebClient.create(), JsonMapper.builder().build(),
            "http://127.0.0.1:1", "", "stale");

    private final WatchTiming timing = new WatchTiming(Duration.ofSeconds(1), Duration.ofMillis(10),
            Duration.ofMillis(100), Duration.ofMillis(200), Duration.ofMillis(300));

    @Test
    void aWatchStartsOnFirstUseAndStopsWhenUnused() throws InterruptedException {
        HealthWatchRegistry registry = new HealthWatchRegistry(unreachable, timing, (service, instances) -> { });

        assertThat(registry.existing("web")).isEmpty();
        HealthWatch watch = registry.watch("web");
        assertThat(registry.watch("web")).isSameAs(watch);
        assertThat(registry.existing("web")).containsSame(watch);

        registry.stopIdle();
        assertThat(registry.existing("web")).as("used a moment ago").isPresent();
        Thread.sleep(400);
        registry.stopIdle();
        assertThat(registry.existing("web")).as("unused for longer than the idle timeout").isEmpty();
    }

    @Test
    void everyServiceHandedToWatchAllIsWatchedUnrequestedUntilItLeaves() throws InterruptedException {
        HealthWatchRegistry registry = new HealthWatchRegistry(unreachable, timing, (service, instances) -> { });
        registry.watchAll(Set.of("web", "api"));
        assertThat(registry.existing("web")).as("not before the registry runs").isEmpty();

        registry.start();
        assertThat(registry.existing("web")).isPresent();
        assertThat(registry.existing("api")).isPresent();
        Thread.sleep(400);
        registry.stopIdle();
        assertThat(registry.existing("web")).as("in the catalog: watched although never requested").isPresent();

        registry.watchAll(Set.of("web", "cart"));
        assertThat(registry.existing("cart")).as("new in the catalog").isPresent();
        registry.stopIdle();
        assertThat(registry.existing("api")).as("left the catalog, unused for longer than the idle timeout").isEmpty();
        assertThat(registry.existing("web")).isPresent();
        registry.stop();
    }

    @Test
    void withoutAnyAnswerARequestGetsNoInstancesAfterTheFirstAnswerTimeout() {
        List<String> changes = new ArrayList<>();
        HealthWatchRegistry registry = new HealthWatchRegistry(unreachable, timing, (service, instances) -> changes.add(service));
        HealthWatch watch = registry.watch("web");

        assertThat(watch.instances().block(Duration.ofSeconds(2))).isEmpty();
        assertThat(watch.lastError()).isNotNull();
        assertThat(changes).isEmpty();
        registry.stop();
    }
}
