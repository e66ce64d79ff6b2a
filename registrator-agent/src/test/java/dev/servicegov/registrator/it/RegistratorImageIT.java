package dev.servicegov.registrator.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.Map;
import java.util.UUID;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.dockerjava.api.DockerClient;

import dev.servicegov.testsupport.RequiresDocker;
import dev.servicegov.testsupport.TestConsul;
import dev.servicegov.testsupport.TestImages;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.core.ParameterizedTypeReference;
import org.springframework.web.client.RestClient;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.consul.ConsulContainer;
import org.testcontainers.containers.GenericContainer;
import org.testcontainers.containers.Network;
import org.testcontainers.containers.startupcheck.StartupCheckStrategy;
import org.testcontainers.containers.wait.strategy.Wait;
import org.testcontainers.images.builder.ImageFromDockerfile;

/**
 * The module's Dockerfile, built from the packaged jar, run as compose runs it: not root, the socket reached through
 * its group only (group_add), structured logs switched on by environment variable. It registers a container at its
 * address on the network it shares with the Consul agent, which it finds through the URI's host name.
 */
@RequiresDocker
class RegistratorImageIT {

    static final ParameterizedTypeReference<Map<String, Map<String, Object>>> SERVICES = new ParameterizedTypeReference<>() { };
    static final String IMAGE = "servicegov/registrator-agent-it:" + UUID.randomUUID().toString().substring(0, 8);
    static final String RUN_LABEL = "registrator-it-run";
    static final String RUN = UUID.randomUUID().toString();
    /** after "bridge" by name, so the first-by-name rule would not pick it */
    static final Network SHARED = Network.builder().createNetworkCmdModifier(cmd -> cmd.withName("zz-regimg-" + RUN.substring(0, 8)))
            .build();

    static ConsulContainer consul;
    static GenericContainer<?> agent;
    static GenericContainer<?> web;

    @BeforeAll
    static void buildAndStart() throws Exception {
        EngineSocket.assumeLocal();
        Path module = TestImages.projectRoot().resolve("registrator-agent");
        Path jar = module.resolve("target/registrator-agent.jar");
        assertThat(jar).as("package the module first (mvn verify does)").exists();
        consul = TestConsul.create().withNetwork(SHARED).withNetworkAliases("consul-agent");
        consul.start();
        ImageFromDockerfile image = new ImageFromDockerfile(IMAGE, false)
                .withFileFromPath("Dockerfile", module.resolve("Dockerfile"))
                .withFileFromPath("jvm.options", module.resolve("jvm.options"))
                .withFileFromPath("target/registrator-agent.jar", jar)
                .withBuildArg("JRE_IMAGE", TestImages.jre().asCanonicalNameString());
        agent = EngineSocket.mountInto(new GenericContainer<>(image))
                .withNetwork(SHARED)
                .withEnv("REGISTRATOR_REGISTRY_URI", "http://consul-agent:8500")
                .withEnv("REGISTRATOR_CONTAINER_LABEL", RUN_LABEL + "=" + RUN)
                .withEnv("LOGGING_STRUCTURED_FORMAT_CONSOLE", "ecs")
                .withLabel("SERVICE_IGNORE", "true")
                .withExposedPorts(8080)
                .waitingFor(Wait.forHttp("/actuator/health").forStatusCode(200).withStartupTimeout(Duration.ofSeconds(90)));
        agent.start();
    }

    @AfterAll
    static void stop() {
        for (GenericContainer<?> container : Arrays.asList(web, agent, consul)) {
            if (container != null) {
                container.stop();
            }
        }
        SHARED.close();
        // Testcontainers' own clean-up of built images needs Ryuk, which the build turns off
        var docker = DockerClientFactory.instance().client();
        if (!docker.listImagesCmd().withImageNameFilter(IMAGE).exec().isEmpty()) {
            docker.removeImageCmd(IMAGE).withForce(true).exec();
        }
    }

    @Test
    void runsAsAUserNotRoot() throws Exception {
        String status = agent.execInContainer("cat", "/proc/1/status").getStdout();
        String uid = status.lines().filter(line -> line.startsWith("Uid:")).findFirst().orElseThrow();
        assertThat(uid.split("\\s+")[1]).as("real uid of the agent's process").isEqualTo("10001");
    }

    @Test
    void startsFromTheAheadOfTimeCacheItsImageRecorded() throws Exception {
        // a JVM that finds the cache unusable (options changed in jvm.options but not recorded) starts without it, only slower
        String maps = agent.execInContainer("cat", "/proc/1/maps").getStdout();
        assertThat(maps).as("memory mapped by the agent's JVM").contains("/app/registrator.aot");
    }

    @Test
    void registersThroughTheSocketAtTheNetworkSharedWithTheConsulAgent() {
        web = new GenericContainer<>(TestImages.jre())
                .withCommand("sh", "-c", TestImages.httpProbeCommand(8080))
                .withExposedPorts(8080)
                .withLabel(RUN_LABEL, RUN)
                .withLabel("SERVICE_NAME", "it-image");
        web.start();
        var docker = DockerClientFactory.instance().client();
        docker.connectToNetworkCmd().withNetworkId(SHARED.getId()).withContainerId(web.getContainerId()).exec();
        String shared = docker.inspectContainerCmd(web.getContainerId()).exec().getNetworkSettings().getNetworks()
                .get("zz-regimg-" + RUN.substring(0, 8)).getIpAddress();
        String id = DockerClientFactory.instance().getInfo().getName() + ":" + web.getContainerName().substring(1) + ":8080";
        RestClient consulApi = RestClient.create("http://127.0.0.1:" + consul.getMappedPort(8500));
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(250)).untilAsserted(() ->
                assertThat(consulApi.get().uri("/v1/agent/services").retrieve().body(SERVICES).get(id))
                        .isNotNull().containsEntry("Address", shared));
    }

    @Test
    void logsAreJsonWhenAskedFor() throws Exception {
        String line = agent.getLogs().lines().filter(text -> text.contains("Started RegistratorApplication")).findFirst().orElseThrow();
        assertThat(new ObjectMapper().readTree(line).path("log").path("level").asText()).isEqualTo("INFO");
    }

    /**
     * registrator's start-up contract, on the real image: what is missing is named with what to do, the retries run as
     * configured, and the process exits non-zero, so that Docker's restart policy, or the user, takes over. Run as
     * registrator's documented {@code docker run} ran it: its command line, the socket at /tmp/docker.sock.
     */
    @Test
    void noConsulAtStart_NamesTheAddressAndWhatToSetRetriesThenExitsNonZero() {
        var ended = runUntilItExits(EngineSocket.mountInto(new GenericContainer<>(IMAGE), "/tmp/docker.sock")
                .withCommand("-retry-attempts", "2", "-retry-interval", "200", "consul://127.0.0.1:1"));
        assertThat(ended.exitCode()).as("the agent's exit code; its log:%n%s", ended.log()).isNotZero();
        assertThat(ended.log()).contains("registrator's command line read as registrator.")
                .as("the engine reached at /tmp/docker.sock: only then is the registry asked")
                .doesNotContain("Cannot reach the Docker engine")
                .contains("does not answer (attempt 1/3)", "does not answer (attempt 3/3)")
                .doesNotContain("(attempt 4/")
                .contains("APPLICATION FAILED TO START", "Cannot reach the registry at consul://127.0.0.1:1 after 3 attempts",
                        "Action:", "REGISTRATOR_REGISTRY_URI", "REGISTRATOR_RETRY_ATTEMPTS")
                .as("a report, not a stack trace").doesNotContain("\tat dev.servicegov");
    }

    @Test
    void noDockerSocketAtStart_SaysWhatToMountRetriesThenExitsNonZero() {
        var ended = runUntilItExits(new GenericContainer<>(IMAGE)
                .withEnv("REGISTRATOR_REGISTRY_URI", "http://127.0.0.1:1")
                .withEnv("REGISTRATOR_DOCKER_CONNECT_ATTEMPTS", "2")
                .withEnv("REGISTRATOR_DOCKER_CONNECT_DELAY", "200ms"));
        assertThat(ended.exitCode()).as("the agent's exit code; its log:%n%s", ended.log()).isNotZero();
        assertThat(ended.log()).contains("(attempt 1/2)", "(attempt 2/2)", "Cannot reach the Docker engine at "
                + "unix:///var/run/docker.sock after 2 attempts", "is missing", "-v /var/run/docker.sock:")
                .contains("APPLICATION FAILED TO START", "Action:")
                .as("a report, not a stack trace").doesNotContain("\tat dev.servicegov")
                .as("the registry is not asked before Docker answers").doesNotContain("Cannot reach the registry");
    }

    @Test
    void aCommandLineNeitherRegistratorsNorSpringsIsNamedAndExitsTwo() {
        var ended = runUntilItExits(new GenericContainer<>(IMAGE).withCommand("-verbose", "consul://consul-agent:8500"));
        assertThat(ended.exitCode()).as("the agent's exit code; its log:%n%s", ended.log()).isEqualTo(2);
        assertThat(ended.log()).startsWith("registrator-agent: unknown option '-verbose'. registrator's options are");
    }

    record Ended(long exitCode, String log) {
    }

    /** Starts the container, waits (at most 60 s) until it has exited, and returns its exit code and log. */
    private static Ended runUntilItExits(GenericContainer<?> container) {
        try (container) {
            container.withLabel("SERVICE_IGNORE", "true")
                    .withStartupCheckStrategy(new StartupCheckStrategy() {
                        @Override
                        public StartupStatus checkStartupState(DockerClient docker, String containerId) {
                            return Boolean.TRUE.equals(getCurrentState(docker, containerId).getRunning())
                                    ? StartupStatus.NOT_YET_KNOWN : StartupStatus.SUCCESSFUL;
                        }
                    }.withTimeout(Duration.ofSeconds(60)));
            container.start();
            return new Ended(container.getCurrentContainerInfo().getState().getExitCodeLong(), container.getLogs());
        }
    }
}
