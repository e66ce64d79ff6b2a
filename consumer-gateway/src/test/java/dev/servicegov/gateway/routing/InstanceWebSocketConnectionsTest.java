package dev.servicegov.gateway.routing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.InetSocketAddress;
import java.time.Duration;

import com.sun.net.httpserver.HttpServer;
import io.micrometer.core.instrument.Metrics;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;
import reactor.netty.http.client.HttpClient;
import reactor.netty.resources.ConnectionProvider;

/** The pool of an instance's address goes once it has no connection left: instances come and go with addresses. */
class InstanceWebSocketConnectionsTest {

    @Test
    void thePoolOfAnAddressWithoutConnectionsIsDisposedOf() throws Exception {
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        Metrics.addRegistry(registry);
        HttpServer instance = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        instance.createContext("/", exchange -> {
            exchange.getResponseHeaders().set("Connection", "close");
            exchange.sendResponseHeaders(204, -1);
            exchange.close();
        });
        instance.start();
        // metered so that the pool's life shows: Reactor Netty removes its meters as it disposes of it
        ConnectionProvider connections = InstanceWebSocketConnections.provider(Duration.ofMillis(200)).mutate()
                .metrics(true).build();
        try {
            HttpClient.create(connections).get().uri("http://127.0.0.1:" + instance.getAddress().getPort() + "/")
                    .response().block(Duration.ofSeconds(5));
            assertThat(poolMeters(registry)).as("a pool for the address").isPositive();

            await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> assertThat(poolMeters(registry)).isZero());
        } finally {
            connections.dispose();
            instance.stop(0);
            Metrics.removeRegistry(registry);
        }
    }

    private static long poolMeters(SimpleMeterRegistry registry) {
        return registry.getMeters().stream()
                .filter(meter -> meter.getId().getName().startsWith("reactor.netty.connection.provider"))
                .filter(meter -> meter.getId().getTag("remote.address") != null).count();
    }
}
