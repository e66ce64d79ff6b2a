package dev.servicegov.registrator.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import com.github.dockerjava.api.model.ExposedPort;

import dev.servicegov.registrator.RegistratorApplication;
import dev.servicegov.testsupport.RequiresDocker;
import dev.servicegov.testsupport.TestConsul;
import dev.servicegov.testsupport.TestImages;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.core.ParameterizedTypeReference;
import org.springframework.http.MediaType;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.web.client.RestClient;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.consul.ConsulContainer;
import org.testcontainers.containers.GenericContainer;

/**
 * Service ids chosen by {@code SERVICE_ID}, against the real engine and Consul: registered as given (with
 * {@code -<port>} on a container of several ports; {@code :udp}, a {@code udp} tag and a TTL check on a udp port),
 * one container keeps an id that two claim, and a service under a custom id that no container calls for any more is
 * cleaned up.
 */
@RequiresDocker
@DirtiesContext
@SpringBootTest(classes = RegistratorApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class RegistratorServiceIdIT {

    static final ParameterizedTypeReference<Map<String, Map<String, Object>>> SERVICES = new ParameterizedTypeReference<>() { };
    static final ParameterizedTypeReference<List<Map<String, Object>>> CHECKS = new ParameterizedTypeReference<>() { };
    static final String RUN_LABEL = "registrator-it-run";
    static final String RUN = UUID.randomUUID().toString();
    static final String PREFIX = "it-" + RUN.substring(0, 8) + "-";

    static final List<GenericContainer<?>> STARTED = new ArrayList<>();
    static ConsulContainer consul;

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        consul = TestConsul.create();
        consul.start();
        String node = DockerClientFactory.instance().client().infoCmd().exec().getName();
        // left by an earlier run of this agent's node under a custom id: its container is gone
        consul().put().uri("/v1/agent/service/register").contentType(MediaType.APPLICATION_JSON)
                .body(Map.of("ID", PREFIX + "orphan", "Name", "it-orphan", "Address", "172.17.0.250", "Port", 80,
                        "Meta", Map.of("registered-by", "registrator-agent", "registrator-node", node)))
                .retrieve().toBodilessEntity();
        registry.add("registrator.registry-uri", () -> "consul://127.0.0.1:" + consul.getMappedPort(8500));
        registry.add("registrator.resync-interval", () -> "3s");
        registry.add("registrator.container-label", () -> RUN_LABEL + "=" + RUN);
    }

    @AfterAll
    static void stop() {
        STARTED.forEach(GenericContainer::stop);
        if (consul != null) {
            consul.stop();
        }
    }

    static RestClient consul() {
        return RestClient.create("http://127.0.0.1:" + consul.getMappedPort(8500));
    }

    static Map<String, Map<String, Object>> agentServices() {
        return consul().get().uri("/v1/agent/services").retrieve().body(SERVICES);
    }

    static GenericContainer<?> started(String serviceId, String... moreExposed) {
        GenericContainer<?> container = new GenericContainer<>(TestImages.jre())
                .withCommand("sh", "-c", TestImages.httpProbeCommand(8080))
                .withExposedPorts(8080)
                .withLabel(RUN_LABEL, RUN)
                .withLabel("SERVICE_NAME", "it-shop")
                .withLabel("SERVICE_ID", serviceId)
                .withCreateContainerCmdModifier(cmd -> {
                    List<ExposedPort> exposed = new ArrayList<>(List.of(cmd.getExposedPorts()));
                    for (String port : moreExposed) {
                        exposed.add(ExposedPort.parse(port));
                    }
                    cmd.withExposedPorts(exposed);
                });
        STARTED.add(container);
        container.start();
        return container;
    }

    static Object containerIdOf(String serviceId) {
        return ((Map<?, ?>) agentServices().get(serviceId).get("Meta")).get("container-id");
    }

    @Test
    void customIdsAreRegisteredAsGivenWithUdpTaggedAndLeaveWithTheirContainer() {
        GenericContainer<?> shop = started(PREFIX + "shop", "5353/udp");
        String tcp = PREFIX + "shop-8080";
        String udp = PREFIX + "shop-5353:udp";
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
            assertThat(agentServices()).containsKeys(tcp, udp);
            assertThat(agentServices().get(udp).get("Tags")).isEqualTo(List.of("udp"));
            assertThat(agentServices().get(udp).get("Service")).isEqualTo("it-shop-5353");
            assertThat(agentServices().get(tcp).get("Tags")).isEqualTo(List.of());
            // nothing probes a udp port: a TTL check the agent keeps passing, so that it can expire
            assertThat(consul().get().uri("/v1/health/checks/it-shop-5353").retrieve().body(CHECKS))
                    .singleElement().satisfies(check -> {
                        assertThat(check.get("Type")).isEqualTo("ttl");
                        assertThat(check.get("Status")).isEqualTo("passing");
                    });
        });

        shop.stop();
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> assertThat(agentServices()).doesNotContainKeys(tcp, udp));
    }

    @Test
    void anIdTwoContainersClaimStaysWithTheFirstAndPassesToTheOtherWhenItStops() {
        String id = PREFIX + "twice";
        GenericContainer<?> first = started(id);
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> assertThat(agentServices()).containsKey(id));
        GenericContainer<?> second = started(id);
        await().during(Duration.ofSeconds(4)).atMost(Duration.ofSeconds(10))
                .untilAsserted(() -> assertThat(containerIdOf(id)).isEqualTo(first.getContainerId()));

        first.stop();
        await().atMost(Duration.ofSeconds(20))
                .untilAsserted(() -> assertThat(containerIdOf(id)).isEqualTo(second.getContainerId()));
    }

    @Test
    void aServiceUnderACustomIdThatNoContainerCallsForIsCleanedUp() {
        await().atMost(Duration.ofSeconds(20))
                .untilAsserted(() -> assertThat(agentServices()).doesNotContainKey(PREFIX + "orphan"));
    }
}
