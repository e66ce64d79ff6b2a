package dev.servicegov.system;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.awaitility.core.ConditionTimeoutException;
import org.testcontainers.containers.GenericContainer;

import com.github.dockerjava.api.model.ContainerNetwork;
import com.jayway.jsonpath.JsonPath;

import dev.servicegov.testsupport.ConsulHttp;

/**
 * A compose stack's services as Consul has them, next to its containers as Docker runs them, with the probe containers
 * ({@value #PROBE}) a test starts and removes while it injects a fault. Only this stack's addresses count: the
 * registrator registers every container on the engine, so another stack on it shows up in this one's Consul too.
 */
final class StackState {

    static final String PROBE = "fault-probe";

    private final ComposeStack stack;
    private final ConsulHttp consul;
    private final List<GenericContainer<?>> probes = new ArrayList<>();

    StackState(ComposeStack stack) {
        this.stack = stack;
        this.consul = stack.consul();
    }

    /**
     * Docker's side of {@link #consulMatches}, read once before the wait: no container starts or stops meanwhile, and
     * reading it again on every poll (an inspection per container) only added Docker's answers to the measured time.
     */
    record DockerState(List<String> webIps, List<String> probeIps, List<String> runningIps) {
    }

    GenericContainer<?> startProbe() {
        GenericContainer<?> probe = stack.probeContainer(PROBE);
        probe.start();
        probes.add(probe);
        return probe;
    }

    /**
     * Starts a probe and waits until the servers' catalog has it, which a quorum must accept, printing the time. On a
     * timeout it prints the probe's health and the client agent's log.
     */
    void startProbeAndAwaitItInTheCatalog(String when, Duration within) throws IOException {
        String ip = stack.ipOf(startProbe().getContainerId());
        long startedAt = System.nanoTime();
        try {
            await("a probe started " + when + " in the catalog").atMost(within).pollInterval(Duration.ofMillis(500))
                    .untilAsserted(() -> assertThat(registered(PROBE)).contains(ip));
            System.out.printf("Started %s: in the catalog after %d ms%n", when, (System.nanoTime() - startedAt) / 1_000_000);
        } catch (ConditionTimeoutException e) {
            System.out.println("health of " + PROBE + ": " + consul.get("/v1/health/service/" + PROBE));
            System.out.println(stack.logsOf("consul-agent"));
            throw e;
        }
    }

    GenericContainer<?> firstProbe() {
        return probes.get(0);
    }

    void stopProbes() {
        probes.forEach(GenericContainer::stop);
    }

    /**
     * Docker's side of a fault: a probe starts and the given one is removed while the fault holds, until
     * {@code faultEndsNanos} ({@link System#nanoTime()}); Docker's state then, for {@link #consulMatches} after it.
     */
    DockerState aContainerStartsAndOneIsRemovedUntil(GenericContainer<?> removed, long faultEndsNanos)
            throws InterruptedException {
        startProbe();
        probes.remove(removed);
        removed.stop();
        Thread.sleep(Math.max(0, (faultEndsNanos - System.nanoTime()) / 1_000_000));
        return dockerNow();
    }

    DockerState dockerNow() {
        return new DockerState(stack.ipsOf("service-web"), probeIps(), runningContainerIps());
    }

    /** Every running instance is registered, and nothing else: no stale service, none missing. */
    void consulMatches(DockerState docker) {
        assertThat(registered("service-web")).containsExactlyInAnyOrderElementsOf(docker.webIps());
        assertThat(registered(PROBE)).containsExactlyInAnyOrderElementsOf(docker.probeIps());
        assertThat(JsonPath.<List<String>>read(consul.get("/v1/agent/services"), "$.*.Address"))
                .as("nothing stale: every address registered on the agent is a running container's")
                .isSubsetOf(docker.runningIps());
    }

    void everyRunningInstanceIsPassing() {
        assertThat(passing("service-web")).containsExactlyInAnyOrderElementsOf(stack.ipsOf("service-web"));
        assertThat(passing(PROBE)).containsExactlyInAnyOrderElementsOf(probeIps());
    }

    /** Every running instance is in the client agent's own list (not yet synced to the servers, maybe). */
    void everyRunningInstanceIsInTheAgent() {
        assertThat(inTheAgent("service-web")).containsExactlyInAnyOrderElementsOf(stack.ipsOf("service-web"));
        assertThat(inTheAgent(PROBE)).containsExactlyInAnyOrderElementsOf(probeIps());
    }

    /** This stack's registered instances of the service, passing or not. */
    List<String> registered(String service) {
        return consul.registeredAddresses(service).stream().filter(stack::inNetwork).toList();
    }

    List<String> passing(String service) {
        return consul.passingAddresses(service).stream().filter(stack::inNetwork).toList();
    }

    private List<String> inTheAgent(String service) {
        return consul.agentAddresses(service).stream().filter(stack::inNetwork).toList();
    }

    private List<String> probeIps() {
        return probes.stream().map(probe -> stack.ipOf(probe.getContainerId())).toList();
    }

    private static List<String> runningContainerIps() {
        return ComposeStack.docker().listContainersCmd().exec().stream()
                .flatMap(container -> container.getNetworkSettings().getNetworks().values().stream())
                .map(ContainerNetwork::getIpAddress)
                .toList();
    }
}
