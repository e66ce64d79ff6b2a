package dev.servicegov.registrator.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.command.InspectContainerResponse;
import com.github.dockerjava.api.model.ExposedPort;
import com.github.dockerjava.api.model.HostConfig;
import com.github.dockerjava.api.model.RestartPolicy;

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
import org.testcontainers.DockerClientFactory;
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
        registry.add("registrator.resync-interval", () -> "1s");
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

    /**
     * {@code --restart always} in a crash loop: between two runs the engine lists the container and says it is
     * {@code Running} (and {@code Restarting}), though nothing runs. On the host's network its ports would be registered
     * at {@code registrator.ip} at every resync (every second here) and stay until the next start; they must stay out.
     */
    @Test
    void aHostNetworkContainerWaitingForItsRestartPolicyIsNotRegistered() {
        DockerClient docker = DockerClientFactory.instance().client();
        String id = docker.createContainerCmd(TestImages.jre().asCanonicalNameString())
                .withCmd("sh", "-c", "exit 3")
                .withExposedPorts(ExposedPort.tcp(19097))
                .withLabels(Map.of(RUN_LABEL, RUN, "SERVICE_NAME", "it-crash-loop"))
                .withHostConfig(HostConfig.newHostConfig().withNetworkMode("host").withRestartPolicy(RestartPolicy.alwaysRestart()))
                .exec().getId();
        try {
            docker.startContainerCmd(id).exec();
            // the engine doubles its pause before each restart from 0.1 s: after the 7th restart, it waits 6.4 s
            await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(100)).until(() -> {
                InspectContainerResponse container = docker.inspectContainerCmd(id).exec();
                return Boolean.TRUE.equals(container.getState().getRestarting()) && container.getRestartCount() >= 7;
            });
            Integer restarts = docker.inspectContainerCmd(id).exec().getRestartCount();
            await().pollDelay(Duration.ofMillis(1500)).during(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(4))
                    .pollInterval(Duration.ofMillis(200)).until(() -> health("it-crash-loop").isEmpty());
            assertThat(docker.inspectContainerCmd(id).exec().getRestartCount()).as("still waiting to restart all along")
                    .isEqualTo(restarts);
            assertThat(docker.inspectContainerCmd(id).exec().getState().getRestarting()).isTrue();
        } finally {
            docker.removeContainerCmd(id).withForce(true).exec();
        }
    }
}
