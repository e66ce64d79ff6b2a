package dev.servicegov.gateway.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import dev.servicegov.testsupport.RequiresDocker;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.beans.factory.DisposableBean;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Bean;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * More services than the Consul agent takes connections from one client: its {@code limits.http_max_conns_per_client}
 * is 10 here, and 12 services are registered. The gateway watches at most 4 ({@code gateway.watch.max-watches}); with
 * one watch per service, the agent reset the connections past its limit, the watches kept failing and the gateway said
 * Consul was unreachable. Now Consul stays reachable, and a service without a watch is served from a read of Consul.
 */
@RequiresDocker
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@DirtiesContext
@ExtendWith(OutputCaptureExtension.class)
class WatchBoundIT {

    private static final int SERVICES = 12;

    private static ContextConsul consul;

    private final List<FakeInstance> instances = new ArrayList<>();
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();
    private final JsonMapper json = JsonMapper.builder().build();

    @LocalServerPort
    private int port;

    @DynamicPropertySource
    static void consulLocation(DynamicPropertyRegistry registry) {
        consul = ContextConsul.start(registry, "limits { http_max_conns_per_client = 10 }");
        registry.add("gateway.watch.max-watches", () -> "4");
        registry.add("gateway.watch.blocking-wait", () -> "10s");
    }

    @AfterAll
    void closeInstances() {
        instances.forEach(FakeInstance::close);
    }

    /** Stops Consul only once the gateway has shut down, as the context closes. */
    @TestConfiguration(proxyBeanMethods = false)
    static class StopConsulWithTheContext {

        @Bean
        DisposableBean stopConsulAfterTheGateway() {
            return consul::stop;
        }
    }

    @Test
    void moreServicesThanTheAgentTakesConnectionsFromTheGateway_ConsulStaysReachableAndAnUnwatchedOneIsServed(CapturedOutput output)
            throws Exception {
        ConsulAgentApi api = new ConsulAgentApi(consul.port());
        for (int i = 1; i <= SERVICES; i++) {
            FakeInstance instance = FakeInstance.start("b" + i);
            instances.add(instance);
            api.register("bound-" + i, "bound-" + i + "-b" + i, instance.port(), "it", "bound");
            api.pass("bound-" + i + "-b" + i);
        }

        await("Consul reachable for 10 s on end with 12 services in its catalog").atMost(Duration.ofSeconds(40))
                .during(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(500))
                .untilAsserted(() -> assertThat(consulWatch().get("consul").asString()).isEqualTo("reachable"));
        JsonNode watched = consulWatch().get("watchedServices");
        assertThat(watched.size()).as("services watched").isEqualTo(4);
        assertThat(output.getOut()).contains("more than gateway.watch.max-watches (4)");

        String unwatched = "bound-" + java.util.stream.IntStream.rangeClosed(1, SERVICES)
                .filter(i -> !watched.has("bound-" + i)).findFirst().orElseThrow();
        for (int i = 0; i < 20; i++) {
            assertThat(get("/" + unwatched + "/whoami").statusCode()).as(unwatched + ", read from Consul").isEqualTo(200);
        }
        assertThat(consulWatch().get("watchedServices").has(unwatched)).as("still without a watch").isFalse();
        assertThat(consulWatch().get("watchedServices").size()).isEqualTo(4);
        assertThat(consulWatch().get("consul").asString()).isEqualTo("reachable");
    }

    private JsonNode consulWatch() throws Exception {
        return json.readTree(get("/actuator/health").body()).at("/components/consulWatch/details");
    }

    private HttpResponse<String> get(String path) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).timeout(Duration.ofSeconds(10))
                .GET().build(), HttpResponse.BodyHandlers.ofString());
    }
}
