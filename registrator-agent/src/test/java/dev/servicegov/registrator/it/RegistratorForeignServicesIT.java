package dev.servicegov.registrator.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

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
import org.testcontainers.consul.ConsulContainer;
import org.testcontainers.containers.GenericContainer;

/**
 * A container's {@code SERVICE_ID} that the Consul agent already holds for someone else, against the real engine and
 * Consul: registered by hand, or by the agent of another node on the same Consul agent. The agent neither overwrites
 * nor removes it, and registers the container's once the id is free.
 */
@RequiresDocker
@DirtiesContext
@SpringBootTest(classes = RegistratorApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class RegistratorForeignServicesIT {

    static final ParameterizedTypeReference<Map<String, Map<String, Object>>> SERVICES = new ParameterizedTypeReference<>() { };
    static final String RUN_LABEL = "registrator-it-run";
    static final String RUN = UUID.randomUUID().toString();
    static final String PREFIX = "it-" + RUN.substring(0, 8) + "-";
    static final String HAND = PREFIX + "by-hand";
    static final String OTHER_NODE = PREFIX + "other-node";

    static final List<GenericContainer<?>> STARTED = new ArrayList<>();
    static ConsulContainer consul;

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        consul = TestConsul.create();
        consul.start();
        register(Map.of("ID", HAND, "Name", "by-hand", "Address", "10.9.9.9", "Port", 80));
        register(Map.of("ID", OTHER_NODE, "Name", "shop", "Address", "10.9.9.8", "Port", 8080,
                "Meta", Map.of("registered-by", "registrator-agent", "registrator-node", "other-host")));
        registry.add("registrator.registry-uri", () -> "consul://127.0.0.1:" + consul.getMappedPort(8500));
        registry.add("registrator.resync-interval", () -> "2s");
        registry.add("registrator.container-label", () -> RUN_LABEL + "=" + RUN);
    }

    static void register(Map<String, Object> service) {
        consul().put().uri("/v1/agent/service/register").contentType(MediaType.APPLICATION_JSON).body(service)
                .retrieve().toBodilessEntity();
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

    static GenericContainer<?> started(String serviceId) {
        GenericContainer<?> container = new GenericContainer<>(TestImages.jre())
                .withCommand("sh", "-c", TestImages.httpProbeCommand(8080))
                .withExposedPorts(8080)
                .withLabel(RUN_LABEL, RUN)
                .withLabel("SERVICE_NAME", "it-foreign");
        if (serviceId != null) {
            container.withLabel("SERVICE_ID", serviceId);
        }
        STARTED.add(container);
        container.start();
        return container;
    }

    static Object containerIdOf(String serviceId) {
        Map<String, Object> service = agentServices().get(serviceId);
        return service == null ? null : ((Map<?, ?>) service.get("Meta")).get("container-id");
    }

    @Test
    void servicesHeldByOthersAreNeitherOverwrittenNorRemovedAndTheIdIsTakenOnceFree() throws Exception {
        GenericContainer<?> byHand = started(HAND);
        GenericContainer<?> otherNode = started(OTHER_NODE);
        GenericContainer<?> control = started(null);
        await().atMost(Duration.ofSeconds(15)).until(() -> agentServices().values().stream()
                .anyMatch(service -> control.getContainerId().equals(((Map<?, ?>) service.get("Meta")).get("container-id"))));
        Thread.sleep(3000); // three reads of the agent's services, a full reconcile
        assertThat(agentServices().get(HAND)).as("by hand: not overwritten").containsEntry("Address", "10.9.9.9");
        assertThat(agentServices().get(OTHER_NODE)).as("the other node's: not overwritten").containsEntry("Address", "10.9.9.8");

        otherNode.stop();
        Thread.sleep(2500);
        assertThat(agentServices().get(OTHER_NODE)).as("the other node's: not removed").containsEntry("Address", "10.9.9.8");

        consul().put().uri("/v1/agent/service/deregister/{id}", HAND).retrieve().toBodilessEntity();
        await().atMost(Duration.ofSeconds(5)).untilAsserted(() ->
                assertThat(containerIdOf(HAND)).as("free now: the container's").isEqualTo(byHand.getContainerId()));
    }
}
