package dev.servicegov.registrator.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import dev.servicegov.registrator.RegistratorApplication;
import dev.servicegov.testsupport.DockerSocketProxy;
import dev.servicegov.testsupport.RequiresDocker;
import dev.servicegov.testsupport.TestConsul;
import dev.servicegov.testsupport.TestImages;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.core.ParameterizedTypeReference;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.web.client.RestClient;
import org.testcontainers.consul.ConsulContainer;
import org.testcontainers.containers.GenericContainer;

/**
 * The agent's connection to the Docker engine cut, as when the engine restarts: every connection closed and new
 * ones refused while one container starts and another stops. Once the engine answers again the agent reconnects,
 * replays what it missed and reconciles, so Consul matches Docker without a restart of the agent.
 */
@RequiresDocker
@DirtiesContext
@SpringBootTest(classes = RegistratorApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class DockerEventStreamCutIT {

    private static final ParameterizedTypeReference<List<Map<String, Object>>> LIST = new ParameterizedTypeReference<>() { };
    private static final String RUN_LABEL = "registrator-cut-it-run";
    private static final String RUN = java.util.UUID.randomUUID().toString();

    private static DockerSocketProxy engine;
    private static ConsulContainer consul;
    private static final GenericContainer<?> before = httpd("cut-before");
    private static final GenericContainer<?> during = httpd("cut-during");

    @DynamicPropertySource
    static void startConsulAndTheProxy(DynamicPropertyRegistry registry) throws IOException {
        consul = TestConsul.create();
        consul.start();
        engine = DockerSocketProxy.start();
        registry.add("registrator.registry-uri", () -> "consul://127.0.0.1:" + consul.getMappedPort(8500));
        registry.add("registrator.docker-host", engine::dockerHost);
        registry.add("registrator.container-label", () -> RUN_LABEL + "=" + RUN);
        registry.add("registrator.max-retry-backoff", () -> "2s");
    }

    @AfterAll
    static void stopEverything() throws IOException {
        before.stop();
        during.stop();
        if (engine != null) {
            engine.close();
        }
        if (consul != null) {
            consul.stop();
        }
    }

    @Test
    void afterTheEngineConnectionComesBackTheAgentReplaysWhatItMissedWithinTenSeconds() throws Exception {
        before.start();
        await("registered before the cut").atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(250))
                .until(() -> registered("cut-before").size() == 1);

        engine.cut();
        during.start();
        before.stop();
        Thread.sleep(5_000);
        assertThat(registered("cut-before")).as("the agent saw nothing while cut off").hasSize(1);
        assertThat(registered("cut-during")).isEmpty();

        long restoredAt = System.nanoTime();
        engine.restore();
        await("Consul matches Docker again").atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(100))
                .untilAsserted(() -> {
                    assertThat(registered("cut-before")).isEmpty();
                    assertThat(registered("cut-during")).singleElement()
                            .isEqualTo(during.getContainerInfo().getNetworkSettings().getNetworks().get("bridge").getIpAddress());
                });
        System.out.printf("Consul matched Docker %d ms after the engine connection came back%n",
                (System.nanoTime() - restoredAt) / 1_000_000);
    }

    private static List<Object> registered(String service) {
        return RestClient.create("http://127.0.0.1:" + consul.getMappedPort(8500)).get()
                .uri("/v1/catalog/service/{name}", service).retrieve().body(LIST).stream()
                .map(entry -> entry.get("ServiceAddress")).toList();
    }

    @SuppressWarnings("resource")
    private static GenericContainer<?> httpd(String serviceName) {
        return new GenericContainer<>(TestImages.jre())
                .withCommand("sh", "-c", TestImages.httpProbeCommand(8080))
                .withExposedPorts(8080)
                .withLabel(RUN_LABEL, RUN)
                .withLabel("SERVICE_NAME", serviceName);
    }
}
