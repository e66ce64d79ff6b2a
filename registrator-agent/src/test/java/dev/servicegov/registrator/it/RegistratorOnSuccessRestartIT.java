package dev.servicegov.registrator.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.Map;
import java.util.Set;

import com.github.dockerjava.api.DockerClient;

import dev.servicegov.registrator.RegistratorApplication;
import dev.servicegov.testsupport.RequiresDocker;
import dev.servicegov.testsupport.TestConsul;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.testcontainers.consul.ConsulContainer;

/**
 * {@code deregister=on-success} across a restart of the agent, on the real engine and Consul: a container that exited
 * with a failure while no agent ran keeps its services, as one that exited under a running agent does, until it is
 * removed; one that exited cleanly or was killed meanwhile loses them. The agent runs twice in this JVM, the second run knowing
 * nothing of the first but what Consul holds.
 */
@RequiresDocker
class RegistratorOnSuccessRestartIT {

    private static final RunContainers containers = new RunContainers("registrator-onsuccess-it-run");
    private static final DockerClient docker = containers.docker();
    private static ConsulContainer consul;
    private static RegisteredServices services;

    @BeforeAll
    static void startConsul() {
        consul = TestConsul.create();
        consul.start();
        services = new RegisteredServices("http://127.0.0.1:" + consul.getMappedPort(8500));
    }

    @AfterAll
    static void removeEverything() {
        containers.removeAll();
        if (consul != null) {
            consul.stop();
        }
    }

    @Test
    void aContainerThatFailedWhileNoAgentRanKeepsItsServicesUntilItIsRemoved() {
        String failing = start("onsuccess-failing", 3);
        String clean = start("onsuccess-clean", 0);
        String killed = start("onsuccess-killed", 0);
        try (ConfigurableApplicationContext first = agent()) {
            await("all registered").atMost(Duration.ofSeconds(15)).pollInterval(Duration.ofMillis(200))
                    .until(() -> services.containerIds().equals(Set.of(failing, clean, killed)));
        }
        docker.stopContainerCmd(failing).withTimeout(10).exec();
        docker.stopContainerCmd(clean).withTimeout(10).exec();
        docker.killContainerCmd(killed).exec();
        assertThat(docker.inspectContainerCmd(failing).exec().getState().getExitCodeLong()).isEqualTo(3L);
        assertThat(docker.inspectContainerCmd(clean).exec().getState().getExitCodeLong()).isZero();
        assertThat(docker.inspectContainerCmd(killed).exec().getState().getExitCodeLong()).isEqualTo(137L);

        try (ConfigurableApplicationContext second = agent()) {
            await("the cleanly exited and the killed one deregistered").atMost(Duration.ofSeconds(15))
                    .pollInterval(Duration.ofMillis(200)).until(() -> services.containerIds().equals(Set.of(failing)));
            // the second agent's reconciles (every second) keep it
            await().during(Duration.ofSeconds(3)).atMost(Duration.ofSeconds(5))
                    .until(() -> services.containerIds().equals(Set.of(failing)));

            containers.remove(failing);
            await("removed, the failed one deregistered").atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(200))
                    .until(() -> services.containerIds().isEmpty());
        }
    }

    /** A labelled container that exits with {@code codeOnSigterm} on SIGTERM, and 137 on SIGKILL. */
    private static String start(String name, int codeOnSigterm) {
        return containers.start(Map.of("SERVICE_NAME", name), "sh", "-c",
                "trap 'exit " + codeOnSigterm + "' TERM; while true; do sleep 1; done");
    }

    private static ConfigurableApplicationContext agent() {
        // as arguments: they outrank application.yml, default properties do not
        return new SpringApplicationBuilder(RegistratorApplication.class).run(
                "--server.port=0",
                "--registrator.registry-uri=consul://127.0.0.1:" + consul.getMappedPort(8500),
                "--registrator.container-label=" + containers.agentLabelFilter(),
                "--registrator.deregister=on-success",
                "--registrator.resync-interval=1s");
    }
}
