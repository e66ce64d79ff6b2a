package dev.servicegov.registrator.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;

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
 * service moves to the new id at the {@code rename} event, not at the next resync (off here, 30 s by default), and it
 * is registered under the new id, its check passing, before the old id goes.
 */
@RequiresDocker
@DirtiesContext
@SpringBootTest(classes = RegistratorApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class RegistratorRenameIT {

    static final ParameterizedTypeReference<Map<String, Map<String, Object>>> SERVICES = new ParameterizedTypeReference<>() { };
    static final String RUN_LABEL = "registrator-it-run";
    static final String RUN = UUID.randomUUID().toString();

    static final Duration CHECK_INTERVAL = Duration.ofSeconds(2);

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
        registry.add("registrator.default-check-interval", () -> CHECK_INTERVAL.toSeconds() + "s");
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
    void aRenamedContainersServiceMovesToTheIdOfItsNewNameWithinSecondsAndNeverLeavesRotation() throws InterruptedException {
        try (GenericContainer<?> web = new GenericContainer<>(TestImages.jre())
                .withCommand("sh", "-c", TestImages.httpProbeCommand(8080)).withExposedPorts(8080)
                .withLabel(RUN_LABEL, RUN).withLabel("SERVICE_NAME", "it-renamed")) {
            web.start();
            String before = node + ":" + web.getContainerName().substring(1) + ":8080";
            await().atMost(Duration.ofSeconds(15)).pollInterval(Duration.ofMillis(200))
                    .untilAsserted(() -> assertThat(services()).containsKey(before));

            await("its check passing").atMost(Duration.ofSeconds(15)).pollInterval(Duration.ofMillis(200))
                    .until(() -> passingInstances() == 1);

            String newName = "it-renamed-" + RUN.substring(0, 8);
            String after = node + ":" + newName + ":8080";
            List<Integer> passingDuringTheRename = new CopyOnWriteArrayList<>();
            List<Exception> failedReads = new CopyOnWriteArrayList<>();
            AtomicBoolean done = new AtomicBoolean();
            Thread watcher = new Thread(() -> {
                while (!done.get()) {
                    try {
                        passingDuringTheRename.add(passingInstances());
                    } catch (RuntimeException e) {
                        failedReads.add(e);
                    }
                }
            });
            watcher.start();
            docker().renameContainerCmd(web.getContainerId()).withName(newName).exec();
            try {
                await("the service under its new id, the old one gone").atMost(Duration.ofSeconds(5))
                        .pollInterval(Duration.ofMillis(20))
                        .untilAsserted(() -> assertThat(services()).containsKey(after).doesNotContainKey(before));
                // a check registered without a status starts critical until its first run, up to an interval later
                Thread.sleep(CHECK_INTERVAL.toMillis());
            } finally {
                done.set(true);
            }
            watcher.join();
            assertThat(services().get(after).get("Meta")).isInstanceOfSatisfying(Map.class,
                    meta -> assertThat(meta).containsEntry("container-name", newName));
            assertThat(failedReads).as("reads of the passing instances that failed").isEmpty();
            assertThat(passingDuringTheRename).as("passing instances, read again and again during the rename")
                    .hasSizeGreaterThan(10).doesNotContain(0);
        }
    }

    /** How many instances of the service Consul gives consumers that ask for passing ones only. */
    static int passingInstances() {
        return RestClient.create("http://127.0.0.1:" + consul.getMappedPort(8500)).get()
                .uri("/v1/health/service/it-renamed?passing").retrieve().body(List.class).size();
    }
}
