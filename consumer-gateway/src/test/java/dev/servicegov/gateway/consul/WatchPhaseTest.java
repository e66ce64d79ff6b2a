package dev.servicegov.gateway.consul;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.boot.web.server.GracefulShutdownCallback;
import org.springframework.boot.web.server.GracefulShutdownResult;
import org.springframework.boot.web.server.WebServer;
import org.springframework.boot.web.server.context.WebServerGracefulShutdownLifecycle;
import org.springframework.context.support.GenericApplicationContext;
import org.springframework.web.reactive.function.client.WebClient;

class WatchPhaseTest {

    private final ConsulClient unreachable = new ConsulClient(WebClient.create(), JsonMapper.builder().build(),
            "http://127.0.0.1:1", "", "stale");
    private final WatchTiming timing = new WatchTiming(Duration.ofSeconds(1), Duration.ofMillis(10),
            Duration.ofMillis(100), Duration.ofMillis(200), Duration.ofMinutes(1));
    private final List<String> events = Collections.synchronizedList(new ArrayList<>());

    @Test
    void theWatchesStopInAPhaseAfterSpringBootsGracefulShutdown() {
        HealthWatchRegistry registry = new HealthWatchRegistry(unreachable, timing, (service, instances) -> { });
        CatalogWatch catalog = new CatalogWatch(unreachable, timing, names -> { });
        ConsulReachability reachability = new ConsulReachability(unreachable, Duration.ofSeconds(1),
                Duration.ofSeconds(1), () -> { });

        // phases stop from the highest down
        assertThat(WatchPhase.PHASE).isLessThan(WebServerGracefulShutdownLifecycle.SMART_LIFECYCLE_PHASE);
        assertThat(List.of(registry.getPhase(), catalog.getPhase(), reachability.getPhase()))
                .containsOnly(WatchPhase.PHASE);
    }

    @Test
    void asTheContextClosesTheWebServerDrainsBeforeAnyWatchStops() {
        try (GenericApplicationContext context = new GenericApplicationContext()) {
            context.registerBean(WebServerGracefulShutdownLifecycle.class,
                    () -> new WebServerGracefulShutdownLifecycle(new DrainingWebServer()));
            context.registerBean(HealthWatchRegistry.class,
                    () -> new HealthWatchRegistry(unreachable, timing, (service, instances) -> { }) {
                        @Override
                        public void stop() {
                            events.add("health watches stopped");
                            super.stop();
                        }
                    });
            context.registerBean(CatalogWatch.class, () -> new CatalogWatch(unreachable, timing, names -> { }) {
                @Override
                public void stop() {
                    events.add("catalog watch stopped");
                    super.stop();
                }
            });
            context.registerBean(ConsulReachability.class, () -> new ConsulReachability(unreachable,
                    Duration.ofSeconds(1), Duration.ofSeconds(1), () -> { }) {
                @Override
                public void stop() {
                    events.add("reachability probe stopped");
                    super.stop();
                }
            });
            context.refresh();
        }

        assertThat(events).hasSize(4).first().isEqualTo("web server drained");
    }

    /** Spring Boot asks the web server to drain as the graceful-shutdown phase stops. */
    private final class DrainingWebServer implements WebServer {

        @Override
        public void start() {
        }

        @Override
        public void stop() {
        }

        @Override
        public int getPort() {
            return 0;
        }

        @Override
        public void shutDownGracefully(GracefulShutdownCallback callback) {
            events.add("web server drained");
            callback.shutdownComplete(GracefulShutdownResult.IDLE);
        }
    }
}
