package dev.servicegov.gateway.catalog;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;

import dev.servicegov.gateway.consul.CatalogWatch;
import dev.servicegov.gateway.consul.ConsulClient;
import dev.servicegov.gateway.consul.HealthWatchRegistry;
import dev.servicegov.gateway.consul.WatchTiming;
import dev.servicegov.testsupport.SilentServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import reactor.core.Disposable;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.web.reactive.function.client.WebClient;

/** The instances of a service no watch follows, for {@code GET /services}, while Consul does or does not answer. */
class WatchedDiscoveryClientTest {

    private final SilentServer silentConsul;
    private final AtomicBoolean reachable = new AtomicBoolean(true);
    private final WatchedDiscoveryClient discovery;

    /** A Consul agent that takes connections and never answers, as a frozen one does. */
    WatchedDiscoveryClientTest() throws IOException {
        silentConsul = SilentServer.start();
        ConsulClient consul = new ConsulClient(WebClient.create(), JsonMapper.builder().build(),
                "http://127.0.0.1:" + silentConsul.port(), "", "stale");
        WatchTiming timing = new WatchTiming(Duration.ofSeconds(1), Duration.ofMillis(10), Duration.ofMillis(100),
                Duration.ofMillis(200), Duration.ofMillis(300));
        discovery = new WatchedDiscoveryClient(new CatalogWatch(consul, timing, names -> { }),
                new HealthWatchRegistry(consul, timing, (service, instances) -> { }), consul, reachable::get);
    }

    @AfterEach
    void close() throws IOException {
        silentConsul.close();
    }

    @Test
    void whileConsulIsKnownUnreachableAnUnwatchedServiceIsNotAskedForAndHasNoInstancesAtOnce() {
        reachable.set(false);

        assertThat(discovery.getInstances("unwatched").collectList().block(Duration.ofMillis(500))).isEmpty();
        assertThat(silentConsul.connectionsTaken()).as("connections to Consul").isZero();
    }

    @Test
    void whileConsulAnswersAnUnwatchedServiceIsAskedFor() {
        Disposable asking = discovery.getInstances("unwatched").subscribe();
        try {
            await().atMost(Duration.ofSeconds(5)).until(() -> silentConsul.connectionsTaken() > 0);
        } finally {
            asking.dispose();
        }
    }
}
