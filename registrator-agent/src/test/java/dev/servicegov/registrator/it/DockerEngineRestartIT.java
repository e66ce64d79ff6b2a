package dev.servicegov.registrator.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.UUID;

import dev.servicegov.registrator.RegistratorApplication;
import dev.servicegov.registrator.sync.RegistrationEngine;
import dev.servicegov.registrator.sync.WorkItem;
import dev.servicegov.testsupport.PrivateDockerEngine;
import dev.servicegov.testsupport.RequiresDocker;
import dev.servicegov.testsupport.TestConsul;
import dev.servicegov.testsupport.TestImages;

import io.micrometer.core.instrument.MeterRegistry;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.testcontainers.consul.ConsulContainer;

/**
 * A real restart of the Docker engine the agent follows: a private dockerd of this test's own (the machine's engine
 * stays up for the other tests), stopped with SIGTERM and started again, its socket file gone in between. With
 * live-restore the containers outlive the engine and must stay registered throughout; without it they stop with the
 * engine, and after its return Consul must match what Docker runs again. The periodic reconcile is off (10 min), so
 * what happens after the restart is the agent's reconnection: its {@code since} replay and the reconcile it asks for.
 */
@RequiresDocker
@DirtiesContext
@SpringBootTest(classes = RegistratorApplication.class, webEnvironment = SpringBootTest.WebEnvironment.NONE)
class DockerEngineRestartIT {

    private static final String RUN_LABEL = "registrator-restart-it-run";
    private static final String RUN = UUID.randomUUID().toString();
    /** The address registered for host-network containers (registrator.ip). */
    private static final String HOST_IP = "127.0.0.1";
    private static final int PORT = 2379;
    private static final Duration ENGINE_DOWN = Duration.ofSeconds(6);

    private static ConsulContainer consul;
    private static PrivateDockerEngine engine;
    private static RegisteredServices consulServices;

    private final List<String> started = new ArrayList<>();

    @Autowired
    private RegistrationEngine registrator;

    @Autowired
    private MeterRegistry meters;

    @DynamicPropertySource
    static void startConsulAndThePrivateEngine(DynamicPropertyRegistry registry) {
        consul = TestConsul.create();
        consul.start();
        consulServices = new RegisteredServices("http://127.0.0.1:" + consul.getMappedPort(8500));
        engine = PrivateDockerEngine.start(true);
        engine.loadImage(TestImages.etcd().asCanonicalNameString());
        registry.add("registrator.registry-uri", () -> "consul://127.0.0.1:" + consul.getMappedPort(8500));
        registry.add("registrator.docker-host", engine::dockerHost);
        registry.add("registrator.container-label", () -> RUN_LABEL + "=" + RUN);
        registry.add("registrator.ip", () -> HOST_IP);
        registry.add("registrator.max-retry-backoff", () -> "2s");
        registry.add("registrator.resync-interval", () -> "10m");
        // the TCP checks on 127.0.0.1 fail inside the Consul container: keep Consul from reaping them during the test
        registry.add("registrator.deregister-critical-service-after", () -> "10m");
    }

    @AfterAll
    static void stopEverything() {
        try {
            if (engine != null) {
                engine.close();
            }
        } finally {
            if (consul != null) {
                consul.stop();
            }
        }
    }

    @AfterEach
    void removeThisTestsContainers() {
        if (engine.isRunning() && !started.isEmpty()) {
            List<String> remove = new ArrayList<>(List.of("rm", "-f"));
            remove.addAll(started);
            engine.docker(remove.toArray(String[]::new));
            await("this test's services gone").atMost(Duration.ofSeconds(10)).until(() -> consulServices.containerIds().isEmpty());
        }
    }

    @Test
    void withLiveRestoreARunningContainerStaysRegisteredWhileTheEngineIsDownAndEventsAreFollowedAfterItsReturn() {
        runWith(true);
        String kept = run("restart-live-kept", false);
        await("registered").atMost(Duration.ofSeconds(30)).until(() -> consulServices.containerIds().equals(Set.of(kept)));
        long createIndex = consulServices.createIndex("restart-live-kept");
        double deregistrations = meters.counter("registrator.deregistrations").count();
        double dockerErrors = meters.counter("registrator.errors", "kind", "docker").count();

        engine.stop();
        registrator.submit(new WorkItem.Resync("test: a full reconcile while the engine is down"));
        await("registered the whole time the engine is down").during(ENGINE_DOWN).atMost(ENGINE_DOWN.plusSeconds(2))
                .pollInterval(Duration.ofMillis(200)).until(() -> consulServices.containerIds().equals(Set.of(kept)));
        assertThat(meters.counter("registrator.errors", "kind", "docker").count())
                .as("the reconcile ran and could not list the containers").isGreaterThan(dockerErrors);

        engine.startAgain(true);
        assertThat(engine.docker("inspect", "-f", "{{.State.Running}}", kept)).as("live-restore kept it running").isEqualTo("true");
        String later = run("restart-live-later", false);
        await("a container started after the restart registered").atMost(Duration.ofSeconds(10))
                .until(() -> consulServices.containerIds().equals(Set.of(kept, later)));
        assertThat(consulServices.createIndex("restart-live-kept")).as("never deregistered in between").isEqualTo(createIndex);
        assertThat(meters.counter("registrator.deregistrations").count()).isEqualTo(deregistrations);

        remove(kept);
        await("a container removed after the restart deregistered").atMost(Duration.ofSeconds(10))
                .until(() -> consulServices.containerIds().equals(Set.of(later)));
    }

    @Test
    void withoutLiveRestoreConsulMatchesDockerWithinSecondsOfTheEnginesReturn() {
        runWith(false);
        String restarted = run("restart-always", true);
        String stopped = run("restart-none", false);
        await("registered").atMost(Duration.ofSeconds(30))
                .until(() -> consulServices.containerIds().equals(Set.of(restarted, stopped)));

        Instant restartBegan = Instant.now();
        engine.stop();
        engine.startAgain(false);
        long back = System.nanoTime();
        assertThat(Instant.parse(engine.docker("inspect", "-f", "{{.State.StartedAt}}", restarted)))
                .as("started again by its restart policy").isAfter(restartBegan);
        assertThat(engine.docker("inspect", "-f", "{{.State.Running}}", stopped)).as("stopped with the engine").isEqualTo("false");

        await("Consul matches Docker").atMost(Duration.ofSeconds(5)).pollInterval(Duration.ofMillis(100))
                .until(() -> consulServices.containerIds().equals(runningContainers()));
        assertThat(consulServices.containerIds()).containsExactly(restarted);
        assertThat(consulServices.endpoints("restart-always")).containsExactly(HOST_IP + ":" + PORT);
        System.out.printf("Consul matched Docker %d ms after the restarted engine answered%n", (System.nanoTime() - back) / 1_000_000);
    }

    /** Restarts the private engine with or without live-restore when it runs the other way (each test sets its own). */
    private static void runWith(boolean liveRestore) {
        if (engine.liveRestore() != liveRestore) {
            engine.stop();
            engine.startAgain(liveRestore);
        }
    }

    /**
     * A container on the host's network whose port {@value #PORT} is registered as {@code service} (the image's other
     * exposed port ignored); it ends at once on SIGTERM, so a stopping engine does not wait 10 s for it.
     */
    private String run(String service, boolean restartAlways) {
        List<String> command = new ArrayList<>(List.of("run", "-d", "--network", "host", "--label", RUN_LABEL + "=" + RUN,
                "--label", "SERVICE_" + PORT + "_NAME=" + service, "--label", "SERVICE_2380_IGNORE=true"));
        if (restartAlways) {
            command.addAll(List.of("--restart", "always"));
        }
        command.addAll(List.of(TestImages.etcd().asCanonicalNameString(), "sh", "-c", "trap 'exit 0' TERM; sleep 600 & wait"));
        String id = engine.docker(command.toArray(String[]::new));
        started.add(id);
        return id;
    }

    private void remove(String id) {
        engine.docker("rm", "-f", id);
        started.remove(id);
    }

    private static Set<String> runningContainers() {
        String ids = engine.docker("ps", "-q", "--no-trunc", "--filter", "label=" + RUN_LABEL + "=" + RUN);
        return ids.isBlank() ? Set.of() : Set.of(ids.split("\\s+"));
    }
}
