package dev.servicegov.registrator.it.backends;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import dev.servicegov.registrator.RegistratorApplication;
import dev.servicegov.testsupport.RequiresDocker;
import dev.servicegov.testsupport.TestImages;

import io.micrometer.core.instrument.MeterRegistry;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.ParameterizedTypeReference;
import org.springframework.web.client.RestClient;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.containers.GenericContainer;

/**
 * The behaviour every registry backend must have, run against the real backend and the real Docker engine: each
 * test starts its own agent (its own node name, so agents of other tests own nothing here) on containers of its
 * own run label. A subclass says how to start the backend and how to read and seed it.
 */
@RequiresDocker
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class AbstractRegistryBackendIT {

    static final String RUN_LABEL = "registrator-backend-it-run";
    static final Duration REGISTERED_WITHIN = Duration.ofSeconds(20);
    static final ParameterizedTypeReference<List<Map<String, Object>>> LIST = new ParameterizedTypeReference<>() { };

    private final List<GenericContainer<?>> containers = new ArrayList<>();
    private final List<ConfigurableApplicationContext> agents = new ArrayList<>();
    protected GenericContainer<?> backend;
    protected String node;
    private String run;

    /** A new, not yet started backend container. */
    abstract GenericContainer<?> createBackend();

    /** The registry URI of the started backend, as seen from the test's JVM. */
    abstract String registryUri();

    /** Properties the backend's agent needs beyond the common ones ({@code key=value}). */
    List<String> extraProperties() {
        return List.of();
    }

    /** What the backend holds for the service, as {@code address:port}, or empty. */
    abstract Optional<String> stored(String name, String id);

    /** Writes an entry owned by the node, as an agent on that node would have. */
    abstract void seedOwned(String ownerNode, String name, String id, String address, int port);

    /** Writes an entry nobody's agent owns (another tool's). */
    abstract void seedForeign(String name, String id, String address, int port);

    /** Removes the service behind the agent's back (someone's mistake, a wiped store). */
    abstract void removeBehindTheAgentsBack(String name, String id);

    /** Whether an agent's entries end with it (etcd's lease), so that the next agent writes them all again. */
    boolean entriesEndWithTheirAgent() {
        return false;
    }

    /** Whether the backend has the service in maintenance mode (its container paused). */
    abstract boolean inMaintenance(String id);

    @BeforeAll
    void startBackend() {
        backend = createBackend();
        backend.start();
    }

    @AfterAll
    void stopBackend() {
        if (backend != null) {
            backend.stop();
        }
    }

    @BeforeEach
    void newRun() {
        run = UUID.randomUUID().toString();
        node = "it-" + run.substring(0, 8);
    }

    @AfterEach
    void stopEverything() {
        agents.forEach(ConfigurableApplicationContext::close);
        agents.clear();
        containers.forEach(GenericContainer::stop);
        containers.clear();
    }

    ConfigurableApplicationContext startAgent() {
        List<String> args = new ArrayList<>(List.of("--server.port=0", "--spring.main.banner-mode=off",
                "--registrator.registry-uri=" + registryUri(), "--registrator.hostname=" + node,
                "--registrator.container-label=" + RUN_LABEL + "=" + run, "--registrator.resync-interval=1s",
                "--registrator.retry-interval=200ms", "--registrator.max-retry-backoff=1s"));
        extraProperties().forEach(property -> args.add("--" + property));
        ConfigurableApplicationContext agent = new SpringApplicationBuilder(RegistratorApplication.class).run(args.toArray(String[]::new));
        agents.add(agent);
        return agent;
    }

    void stopAgent(ConfigurableApplicationContext agent) {
        agent.close();
        agents.remove(agent);
    }

    GenericContainer<?> startContainer(String serviceName) {
        GenericContainer<?> container = new GenericContainer<>(TestImages.jre())
                .withCommand("sh", "-c", TestImages.httpProbeCommand(8080))
                .withExposedPorts(8080)
                .withLabel(RUN_LABEL, run)
                .withLabel("SERVICE_NAME", serviceName)
                .withLabel("SERVICE_TAGS", "it,backend");
        containers.add(container);
        container.start();
        return container;
    }

    /** Starts a container for the service and waits until the backend holds it. */
    GenericContainer<?> startRegistered(String serviceName) {
        GenericContainer<?> container = startContainer(serviceName);
        awaitStored(serviceName, serviceId(container), address(container));
        return container;
    }

    String serviceId(GenericContainer<?> container) {
        return node + ":" + container.getContainerName().substring(1) + ":8080";
    }

    static String address(GenericContainer<?> container) {
        return container.getContainerInfo().getNetworkSettings().getNetworks().get("bridge").getIpAddress() + ":8080";
    }

    void awaitStored(String name, String id, String expected) {
        await().atMost(REGISTERED_WITHIN).pollInterval(Duration.ofMillis(200))
                .untilAsserted(() -> assertThat(stored(name, id)).contains(expected));
    }

    void awaitGone(String name, String id) {
        await().atMost(REGISTERED_WITHIN).pollInterval(Duration.ofMillis(200))
                .untilAsserted(() -> assertThat(stored(name, id)).isEmpty());
    }

    static double registrations(ConfigurableApplicationContext agent) {
        return agent.getBean(MeterRegistry.class).counter("registrator.registrations").count();
    }

    @Test
    void registersAStartedContainerAndShowsWhereAtRegistrations() {
        ConfigurableApplicationContext agent = startAgent();
        GenericContainer<?> web = startContainer("be-web");
        awaitStored("be-web", serviceId(web), address(web));

        RestClient client = RestClient.create("http://127.0.0.1:" + agent.getEnvironment().getProperty("local.server.port"));
        List<Map<String, Object>> registrations = client.get().uri("/registrations").retrieve().body(LIST);
        assertThat(registrations).singleElement().satisfies(registration -> {
            assertThat(registration).containsEntry("serviceId", serviceId(web)).containsEntry("name", "be-web");
            assertThat(registration.get("location").toString()).contains(serviceId(web));
        });
        assertThat(client.get().uri("/actuator/health").retrieve().body(String.class)).contains("\"registry\"", "\"status\":\"UP\"");
    }

    @Test
    void deregistersWhenTheContainerStops() {
        startAgent();
        GenericContainer<?> web = startRegistered("be-stop");
        String id = serviceId(web);
        web.stop();
        awaitGone("be-stop", id);
    }

    @Test
    void resyncRewritesNothingUnchangedAndPutsBackWhatWentMissing() {
        ConfigurableApplicationContext agent = startAgent();
        GenericContainer<?> web = startRegistered("be-resync");
        String id = serviceId(web);
        double written = registrations(agent);
        await().during(Duration.ofMillis(2_500)).atMost(Duration.ofSeconds(4)).pollInterval(Duration.ofMillis(250))
                .untilAsserted(() -> assertThat(registrations(agent)).as("writes over two resyncs").isEqualTo(written));

        removeBehindTheAgentsBack("be-resync", id);
        awaitStored("be-resync", id, address(web));
        // the store can list the service before the write returns (Consul's agent does, while it syncs to the servers),
        // and the counter moves only once it has returned
        await().atMost(Duration.ofSeconds(5)).pollInterval(Duration.ofMillis(100))
                .untilAsserted(() -> assertThat(registrations(agent)).as("writes after one went missing").isEqualTo(written + 1));
    }

    @Test
    void cleanupRemovesOwnedOrphansOnlyNotForeignOrOtherNodesEntries() {
        String orphan = node + ":gone:80";
        String othersOrphan = "other-" + node + ":gone:80";
        String foreign = "someone-else:" + node + ":80";
        seedOwned(node, "be-orphan", orphan, "172.17.0.250", 80);
        seedOwned("other-" + node, "be-orphan", othersOrphan, "172.17.0.251", 80);
        seedForeign("be-foreign", foreign, "172.17.0.252", 80);
        assertThat(stored("be-orphan", orphan)).as("seeded").contains("172.17.0.250:80");

        startAgent();
        awaitGone("be-orphan", orphan);
        await().during(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(4)).untilAsserted(() -> {
            assertThat(stored("be-orphan", othersOrphan)).contains("172.17.0.251:80");
            assertThat(stored("be-foreign", foreign)).contains("172.17.0.252:80");
        });
    }

    @Test
    void aRestartedAgentKeepsWhatItOwnsAndRemovesWhatIsGone() {
        ConfigurableApplicationContext first = startAgent();
        GenericContainer<?> kept = startContainer("be-kept");
        GenericContainer<?> gone = startContainer("be-gone");
        String goneId = serviceId(gone);
        String goneAddress = address(gone);
        awaitStored("be-kept", serviceId(kept), address(kept));
        awaitStored("be-gone", goneId, goneAddress);

        stopAgent(first);
        gone.stop();
        assertThat(stored("be-gone", goneId)).as("nobody removed it while no agent ran").contains(goneAddress);

        ConfigurableApplicationContext second = startAgent();
        awaitGone("be-gone", goneId);
        awaitStored("be-kept", serviceId(kept), address(kept));
        int expected = entriesEndWithTheirAgent() ? 1 : 0;
        await().during(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(200))
                .untilAsserted(() -> assertThat(registrations(second)).as("registrations by the restarted agent: the kept service "
                        + "was there as it should be (in etcd under the stopped agent's lease, so written again)").isEqualTo(expected));
    }

    @Test
    void aContainerUnpausedWhileNoAgentRanLeavesMaintenanceWhenAnAgentIsBack() {
        ConfigurableApplicationContext first = startAgent();
        GenericContainer<?> web = startRegistered("be-unpaused");
        String id = serviceId(web);
        var docker = DockerClientFactory.instance().client();
        docker.pauseContainerCmd(web.getContainerId()).exec();
        await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(200)).until(() -> inMaintenance(id));

        stopAgent(first);
        docker.unpauseContainerCmd(web.getContainerId()).exec();
        startAgent();
        await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(200)).untilAsserted(() -> {
            assertThat(inMaintenance(id)).as("in maintenance").isFalse();
            assertThat(stored("be-unpaused", id)).contains(address(web));
        });
    }

    @Test
    void writesMadeWhileTheBackendIsDownConvergeWhenItIsBack() {
        startAgent();
        GenericContainer<?> before = startContainer("be-before");
        String beforeId = serviceId(before);
        awaitStored("be-before", beforeId, address(before));

        var docker = DockerClientFactory.instance().client();
        docker.pauseContainerCmd(backend.getContainerId()).exec();
        GenericContainer<?> during;
        try {
            during = startContainer("be-during");
            before.stop();
            sleepThroughFailingWrites();
        } finally {
            docker.unpauseContainerCmd(backend.getContainerId()).exec();
        }
        await().atMost(Duration.ofSeconds(40)).pollInterval(Duration.ofMillis(500)).untilAsserted(() -> {
            assertThat(stored("be-during", serviceId(during))).contains(address(during));
            assertThat(stored("be-before", beforeId)).isEmpty();
        });
    }

    /** Long enough for the agent to try (and fail) its writes, so they are retried rather than merely late. */
    private static void sleepThroughFailingWrites() {
        try {
            Thread.sleep(6_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
