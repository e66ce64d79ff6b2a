package dev.servicegov.registrator.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.IntStream;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.model.ExposedPort;

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

/**
 * 50 containers started at once, then removed at once, on the real engine: every one registered, then nothing left
 * behind (registrator lost events in such bursts). How fast is the benchmark's business (bench/run.sh, BENCHMARKS.md).
 */
@RequiresDocker
@DirtiesContext
@SpringBootTest(classes = RegistratorApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class RegistratorBurstIT {

    private static final int BURST = 50;
    private static final String SERVICE = "burst-it";
    private static final String RUN_LABEL = "registrator-burst-it-run";
    private static final String RUN = java.util.UUID.randomUUID().toString();
    private static final ParameterizedTypeReference<Map<String, Map<String, Object>>> SERVICES = new ParameterizedTypeReference<>() { };

    private static final DockerClient docker = DockerClientFactory.instance().client();
    private static final List<String> started = new CopyOnWriteArrayList<>();
    private static ConsulContainer consul;

    @DynamicPropertySource
    static void startConsul(DynamicPropertyRegistry registry) {
        consul = TestConsul.create();
        consul.start();
        registry.add("registrator.registry-uri", () -> "consul://127.0.0.1:" + consul.getMappedPort(8500));
        registry.add("registrator.container-label", () -> RUN_LABEL + "=" + RUN);
    }

    @AfterAll
    static void removeEverything() {
        started.forEach(id -> docker.removeContainerCmd(id).withForce(true).exec());
        if (consul != null) {
            consul.stop();
        }
    }

    @Test
    void fiftyContainersStartedAtOnceAreAllRegisteredThenRemovedAtOnceLeaveNothing() {
        IntStream.range(0, BURST).parallel().forEach(i -> {
            String id = docker.createContainerCmd(TestImages.jre().asCanonicalNameString())
                    .withCmd("sleep", "600")
                    .withExposedPorts(ExposedPort.tcp(8080))
                    .withLabels(Map.of(RUN_LABEL, RUN, "SERVICE_NAME", SERVICE))
                    .exec().getId();
            started.add(id);
            docker.startContainerCmd(id).exec();
        });
        await("all " + BURST + " registered").atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(200))
                .untilAsserted(() -> assertThat(burstServices()).hasSize(BURST));

        started.parallelStream().forEach(id -> docker.removeContainerCmd(id).withForce(true).exec());
        started.clear();
        await("none left").atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(200))
                .untilAsserted(() -> assertThat(burstServices()).isEmpty());
    }

    private static List<String> burstServices() {
        return RestClient.create("http://127.0.0.1:" + consul.getMappedPort(8500)).get().uri("/v1/agent/services")
                .retrieve().body(SERVICES).values().stream()
                .filter(service -> SERVICE.equals(service.get("Service")))
                .map(service -> (String) service.get("ID"))
                .toList();
    }
}
