package dev.servicegov.registrator.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;

import dev.servicegov.registrator.RegistratorApplication;
import dev.servicegov.testsupport.RequiresDocker;
import dev.servicegov.testsupport.TestConsul;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.core.ParameterizedTypeReference;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.web.client.RestClient;
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
    private static final ParameterizedTypeReference<Map<String, Map<String, Object>>> SERVICES = new ParameterizedTypeReference<>() { };
    private static final RunContainers containers = new RunContainers("registrator-burst-it-run");
    private static ConsulContainer consul;

    @DynamicPropertySource
    static void startConsul(DynamicPropertyRegistry registry) {
        consul = TestConsul.create();
        consul.start();
        registry.add("registrator.registry-uri", () -> "consul://127.0.0.1:" + consul.getMappedPort(8500));
        registry.add("registrator.container-label", containers::agentLabelFilter);
    }

    @AfterAll
    static void removeEverything() {
        containers.removeAll();
        if (consul != null) {
            consul.stop();
        }
    }

    @Test
    void fiftyContainersStartedAtOnceAreAllRegisteredThenRemovedAtOnceLeaveNothing() {
        IntStream.range(0, BURST).parallel()
                .forEach(i -> containers.start(Map.of("SERVICE_NAME", SERVICE), "sleep", "600"));
        await("all " + BURST + " registered").atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(200))
                .untilAsserted(() -> assertThat(burstServices()).hasSize(BURST));

        containers.removeAll();
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
