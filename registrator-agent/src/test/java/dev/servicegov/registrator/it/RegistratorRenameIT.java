package dev.servicegov.registrator.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.Map;
import java.util.UUID;

import com.github.dockerjava.api.DockerClient;

import dev.servicegov.registrator.RegistratorApplication;
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
import org.testcontainers.DockerClientFactory;
import org.testcontainers.consul.ConsulContainer;
import org.testcontainers.containers.GenericContainer;

/**
 * {@code docker rename} against the real engine and Consul: the service id carries the container's name, so the
 * service moves to the new id at the {@code rename} event, not at the next resync (off here, 30 s by default).
 */
@RequiresDocker
@DirtiesContext
@SpringBootTest(classes = RegistratorApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class RegistratorRenameIT {

    static final ParameterizedTypeReference<Map<String, Map<String, Object>>> SERVICES = new ParameterizedTypeReference<>() { };
    static final String RUN_LABEL = "registrator-it-run";
    static final String RUN = UUID.randomUUID().toString();

    static ConsulContainer consul;
    static String node;

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        consul = TestConsul.create();
        consul.start();
        node = docker().infoCmd().exec().getName();
        registry.add("registrator.registry-uri", () -> "http://127.0.0.1:" + consul.getMappedPort(8500));
        registry.add("registrator.container-label", () -> RUN_LABEL + "=" + RUN);
        // no periodic reconcile, which would move the service too: only the rename event can
        registry.add("registrator.resync-interval", () -> "0s");
    }

    @AfterAll
    static void stopConsul() {
        if (consul != null) {
            consul.stop();
        }
    }

    static DockerClient docker() {
        return DockerClientFactory.instance().client();
    }

    static Map<String, Map<String, Object>> services() {
        return RestClient.create("http://127.0.0.1:" + consul.getMappedPort(8500)).get().uri("/v1/agent/services")
                .retrieve().body(SERVICES);
    }

    @Test
    void aRenamedContainersServiceMovesToTheIdOfItsNewNameWithinSeconds() {
        try (GenericContainer<?> web = new GenericContainer<>(TestImages.jre())
                .withCommand("sh", "-c", TestImages.httpProbeCommand(8080)).withExposedPorts(8080)
                .withLabel(RUN_LABEL, RUN).withLabel("SERVICE_NAME", "it-renamed")) {
            web.start();
            String before = node + ":" + web.getContainerName().substring(1) + ":8080";
            await().atMost(Duration.ofSeconds(15)).pollInterval(Duration.ofMillis(200))
                    .untilAsserted(() -> assertThat(services()).containsKey(before));

            String newName = "it-renamed-" + RUN.substring(0, 8);
            docker().renameContainerCmd(web.getContainerId()).withName(newName).exec();
            String after = node + ":" + newName + ":8080";
            await("the service under its new id, the old one gone").atMost(Duration.ofSeconds(5))
                    .pollInterval(Duration.ofMillis(100))
                    .untilAsserted(() -> assertThat(services()).containsKey(after).doesNotContainKey(before));
            assertThat(services().get(after).get("Meta")).isInstanceOfSatisfying(Map.class,
                    meta -> assertThat(meta).containsEntry("container-name", newName));
        }
    }
}
