package dev.servicegov.gateway.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import dev.servicegov.testsupport.RequiresDocker;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.testcontainers.DockerClientFactory;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.beans.factory.DisposableBean;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Bean;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The gateway while its Consul is frozen ({@code docker pause}): it keeps routing to the last known
 * healthy instances, says so in its health, and follows Consul again once it is back, without a restart. A service
 * nobody requested before the outage is served too: every service in the catalog is watched from the moment it appears.
 */
@RequiresDocker
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@DirtiesContext
class ConsulOutageIT {

    private static ContextConsul consul;

    private final List<FakeInstance> instances = new ArrayList<>();
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();
    private final JsonMapper json = JsonMapper.builder().build();

    @LocalServerPort
    private int port;

    @DynamicPropertySource
    static void consulLocation(DynamicPropertyRegistry registry) {
        consul = ContextConsul.start(registry, ConsulOutageIT::unpause);
        registry.add("gateway.watch.blocking-wait", () -> "10s");
        registry.add("gateway.watch.probe-interval", () -> "500ms");
        registry.add("gateway.watch.probe-timeout", () -> "500ms");
    }

    @AfterAll
    void closeInstances() {
        instances.forEach(FakeInstance::close);
    }

    private static void pause() {
        DockerClientFactory.instance().client().pauseContainerCmd(consul.containerId()).exec();
    }

    private static void unpause() {
        try {
            var state = DockerClientFactory.instance().client().inspectContainerCmd(consul.containerId()).exec().getState();
            if (Boolean.TRUE.equals(state.getPaused())) {
                DockerClientFactory.instance().client().unpauseContainerCmd(consul.containerId()).exec();
            }
        } catch (RuntimeException e) {
            // already gone
        }
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
    void servesTheLastKnownInstancesWhileConsulIsFrozenAndRecoversAfter() throws Exception {
        ConsulAgentApi api = new ConsulAgentApi(consul.port());
        List<String> before = List.of(start(api, "o1").name(), start(api, "o2").name());
        FakeInstance unrequested = FakeInstance.start("q1");
        instances.add(unrequested);
        api.register("quiet", "quiet-q1", unrequested.port(), "t", "it");
        api.pass("quiet-q1");
        awaitServedBy(before);
        await("the never requested service is watched").atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(250))
                .untilAsserted(() -> assertThat(health().get("components").get("consulWatch").get("details")
                        .path("watchedServices").path("quiet").path("passingInstances").asInt()).isEqualTo(1));

        pause();
        try {
            await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(250)).untilAsserted(() -> {
                JsonNode health = health();
                assertThat(health.get("status").asString()).isEqualTo("UP");
                JsonNode details = health.get("components").get("consulWatch").get("details");
                assertThat(details.get("consul").asString()).isEqualTo("unreachable");
                assertThat(details.get("servingLastKnownInstances").asBoolean()).isTrue();
            });
            Thread.sleep(2500); // more route refreshes and failed watch queries: nothing may be forgotten
            Set<String> served = new HashSet<>();
            for (int i = 0; i < 20; i++) {
                HttpResponse<String> response = get("/outage/whoami");
                assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
                served.add(json.readTree(response.body()).get("name").asString());
            }
            assertThat(served).containsExactlyInAnyOrderElementsOf(before);
            HttpResponse<String> firstRequestDuringTheOutage = get("/quiet/whoami");
            assertThat(firstRequestDuringTheOutage.statusCode()).as(firstRequestDuringTheOutage.body()).isEqualTo(200);
            assertThat(json.readTree(firstRequestDuringTheOutage.body()).get("name").asString()).isEqualTo("q1");
            assertThat(json.readTree(get("/services/status").body()).get("consul").get("state").asString())
                    .isEqualTo("unreachable");
            // the last known catalog lacks it, but it may have been registered since: not known, not "no such service"
            HttpResponse<String> unknownDuringTheOutage = get("/unheard-of/whoami");
            assertThat(unknownDuringTheOutage.statusCode()).as(unknownDuringTheOutage.body()).isEqualTo(503);
            assertThat(json.readTree(unknownDuringTheOutage.body()).get("hint").asString())
                    .contains("Consul is unreachable");
            // a mistyped endpoint of the gateway's own is its own 404, whatever Consul's state
            HttpResponse<String> typo = get("/actuator/healht");
            assertThat(typo.statusCode()).as(typo.body()).isEqualTo(404);
            assertThat(json.readTree(typo.body()).get("error").asString()).isEqualTo("no such endpoint of the gateway");
        } finally {
            unpause();
        }

        await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(250)).untilAsserted(() ->
                assertThat(health().get("components").get("consulWatch").get("details").get("consul").asString())
                        .isEqualTo("reachable"));
        FakeInstance late = start(api, "o3");
        List<String> after = new ArrayList<>(before);
        after.add(late.name());
        awaitServedBy(after);
    }

    private FakeInstance start(ConsulAgentApi api, String name) throws IOException {
        FakeInstance instance = FakeInstance.start(name);
        instances.add(instance);
        api.register("outage", "outage-" + name, instance.port(), "t", "it");
        api.pass("outage-" + name);
        return instance;
    }

    private void awaitServedBy(List<String> names) {
        Set<String> seen = new HashSet<>();
        await().atMost(Duration.ofSeconds(15)).pollInterval(Duration.ofMillis(100)).untilAsserted(() -> {
            HttpResponse<String> response = get("/outage/whoami");
            if (response.statusCode() == 200) {
                seen.add(json.readTree(response.body()).get("name").asString());
            }
            assertThat(seen).containsAll(names);
        });
    }

    private JsonNode health() throws IOException, InterruptedException {
        return json.readTree(get("/actuator/health").body());
    }

    private HttpResponse<String> get(String path) throws IOException, InterruptedException {
        return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .timeout(Duration.ofSeconds(20)).GET().build(), HttpResponse.BodyHandlers.ofString());
    }
}
