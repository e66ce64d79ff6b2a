package dev.servicegov.registrator.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import dev.servicegov.registrator.RegistratorApplication;
import dev.servicegov.testsupport.RequiresDocker;
import dev.servicegov.testsupport.TestConsul;
import dev.servicegov.testsupport.TestImages;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.core.ParameterizedTypeReference;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.web.client.RestClient;
import org.testcontainers.consul.ConsulContainer;
import org.testcontainers.containers.GenericContainer;

/**
 * Registrator's published mode ({@code registrator.internal=false}, {@code registrator.ip}) and options against real
 * Docker and Consul: the host address and published port are registered and Consul's check passes through them;
 * agent-wide tags; a SERVICE_CHECK_TTL check the agent keeps passing.
 */
@RequiresDocker
@DirtiesContext
@SpringBootTest(classes = RegistratorApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class RegistratorPublishedModeIT {

    static final ParameterizedTypeReference<List<Map<String, Object>>> LIST = new ParameterizedTypeReference<>() { };
    static final String RUN_LABEL = "registrator-it-run";
    static final String RUN = java.util.UUID.randomUUID().toString();

    static ConsulContainer consul;
    static GenericContainer<?> web;
    static String gateway;

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        consul = TestConsul.create();
        consul.start();
        // the host as containers on the default bridge reach it: where Consul's checks find the published ports
        gateway = consul.getContainerInfo().getNetworkSettings().getNetworks().get("bridge").getGateway();
        registry.add("registrator.registry-uri", () -> "http://127.0.0.1:" + consul.getMappedPort(8500));
        registry.add("registrator.container-label", () -> RUN_LABEL + "=" + RUN);
        registry.add("registrator.internal", () -> "false");
        registry.add("registrator.ip", () -> gateway);
        registry.add("registrator.tags", () -> "published,it");
    }

    @AfterAll
    static void stop() {
        if (web != null) {
            web.stop();
        }
        if (consul != null) {
            consul.stop();
        }
    }

    static List<Map<String, Object>> health(String name) {
        return RestClient.create("http://127.0.0.1:" + consul.getMappedPort(8500)).get().uri("/v1/health/service/{name}", name)
                .retrieve().body(LIST);
    }

    @Test
    @SuppressWarnings("unchecked")
    void publishedPortIsRegisteredAtTheHostAddressAndItsTtlCheckIsKeptPassing() {
        web = new GenericContainer<>(TestImages.jre())
                .withCommand("sh", "-c", TestImages.httpProbeCommand(8080))
                .withExposedPorts(8080)
                .withLabel(RUN_LABEL, RUN)
                .withLabel("SERVICE_8080_NAME", "it-published")
                .withLabel("SERVICE_8080_CHECK_HTTP", "/health")
                .withLabel("SERVICE_9000_NAME", "it-ttl")
                .withLabel("SERVICE_9000_CHECK_TTL", "3s")
                .withLabel("SERVICE_9000_CHECK_TTL_REFRESH", "1s")
                .withCreateContainerCmdModifier(cmd -> cmd.withExposedPorts(
                        com.github.dockerjava.api.model.ExposedPort.tcp(8080), com.github.dockerjava.api.model.ExposedPort.tcp(9000))
                        .getHostConfig().withPublishAllPorts(true));
        web.start();
        await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(250)).untilAsserted(() -> {
            List<Map<String, Object>> entries = health("it-published");
            assertThat(entries).hasSize(1);
            Map<String, Object> service = (Map<String, Object>) entries.get(0).get("Service");
            assertThat(service.get("Address")).isEqualTo(gateway);
            assertThat(service.get("Port")).isEqualTo(web.getMappedPort(8080));
            assertThat(service.get("Tags")).isEqualTo(List.of("published", "it"));
            List<Map<String, Object>> checks = (List<Map<String, Object>>) entries.get(0).get("Checks");
            assertThat(checks).anySatisfy(check -> {
                assertThat(check.get("Status")).isEqualTo("passing");
                assertThat(check.get("Output").toString()).contains("200");
            });
        });
        // 3 s TTL, passed every second by the agent: still passing well after it would have expired
        await().pollDelay(Duration.ofSeconds(5)).atMost(Duration.ofSeconds(15)).untilAsserted(() -> {
            List<Map<String, Object>> entries = health("it-ttl");
            assertThat(entries).hasSize(1);
            List<Map<String, Object>> checks = (List<Map<String, Object>>) entries.get(0).get("Checks");
            assertThat(checks).anySatisfy(check -> {
                assertThat(check.get("Type")).isEqualTo("ttl");
                assertThat(check.get("Status")).isEqualTo("passing");
            });
        });
    }
}
