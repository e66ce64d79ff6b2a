package dev.servicegov.registrator.it;

import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.times;
import static org.mockito.Mockito.verify;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.UUID;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.exception.NotFoundException;
import com.github.dockerjava.api.model.HostConfig;

import dev.servicegov.registrator.config.RegistratorProperties;
import dev.servicegov.registrator.docker.ConsulAgentLocator;
import dev.servicegov.registrator.sync.RegistrationEngine;
import dev.servicegov.testsupport.RequiresDocker;
import dev.servicegov.testsupport.TestImages;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.containers.GenericContainer;
import org.testcontainers.containers.Network;

/** Finding the Consul agent's container on the real engine: by the URI's IP, by its name, by the property. */
@RequiresDocker
class ConsulAgentLocatorIT {

    static final Network FIRST = Network.newNetwork();
    static final Network SECOND = Network.newNetwork();
    static GenericContainer<?> agent;
    static Set<String> networks;

    @BeforeAll
    static void startAStandIn() {
        agent = new GenericContainer<>(TestImages.jre()).withCommand("sleep", "300").withNetwork(FIRST);
        agent.start();
        docker().connectToNetworkCmd().withNetworkId(SECOND.getId()).withContainerId(agent.getContainerId()).exec();
        networks = docker().inspectContainerCmd(agent.getContainerId()).exec().getNetworkSettings().getNetworks().keySet();
    }

    @AfterAll
    static void stop() {
        if (agent != null) {
            agent.stop();
        }
        FIRST.close();
        SECOND.close();
    }

    static DockerClient docker() {
        return DockerClientFactory.instance().client();
    }

    static RegistratorProperties properties(String uri, String container) {
        return new RegistratorProperties(URI.create(uri), null, null, null, null, null, Duration.ofSeconds(30), Duration.ofMinutes(1),
                Duration.ofSeconds(2), Duration.ofSeconds(1), 1, Duration.ZERO, Duration.ofSeconds(30), null, true, false, List.of(),
                null, null, RegistratorProperties.DeregisterMode.ALWAYS, true, 0, Duration.ofSeconds(1), null, Duration.ofSeconds(1),
                4, container, RegistratorProperties.KvFormat.PLAIN, null);
    }

    static String secondIp() {
        return docker().inspectContainerCmd(agent.getContainerId()).exec().getNetworkSettings().getNetworks().values().stream()
                .map(network -> network.getIpAddress()).filter(ip -> ip != null && !ip.isBlank()).reduce((a, b) -> b).orElseThrow();
    }

    @Test
    void byTheIpAddressOfTheUrisHost() {
        RegistrationEngine engine = mock(RegistrationEngine.class);
        new ConsulAgentLocator(docker(), engine, properties("http://" + secondIp() + ":8500", null)).locate();
        verify(engine).agentNetworks(networks);
    }

    @Test
    void byTheContainerNameInTheUri() {
        RegistrationEngine engine = mock(RegistrationEngine.class);
        new ConsulAgentLocator(docker(), engine, properties("consul://" + agent.getContainerName().substring(1) + ":8500", null)).locate();
        verify(engine).agentNetworks(networks);
    }

    @Test
    void byTheProperty() {
        RegistrationEngine engine = mock(RegistrationEngine.class);
        new ConsulAgentLocator(docker(), engine, properties("http://127.0.0.1:8500", agent.getContainerId())).locate();
        verify(engine).agentNetworks(networks);
    }

    @Test
    void loopbackIsNoContainerAndNetworkEventsDoNotLookAgain() {
        RegistrationEngine engine = mock(RegistrationEngine.class);
        ConsulAgentLocator locator = new ConsulAgentLocator(docker(), engine, properties("http://127.0.0.1:8500", null));
        locator.locate();
        locator.onNetworkEvent(agent.getContainerId());
        verify(engine, times(1)).agentNetworks(Set.of());
    }

    /** As {@code docker compose up} recreates the agent's container: a new id under the old name, maybe other networks. */
    @Test
    void anAgentRecreatedUnderItsNameIsFoundAtTheNextNetworkEventOfAnyContainer() {
        String name = "locator-it-agent-" + UUID.randomUUID().toString().substring(0, 8);
        String first = docker().inspectNetworkCmd().withNetworkId(FIRST.getId()).exec().getName();
        String second = docker().inspectNetworkCmd().withNetworkId(SECOND.getId()).exec().getName();
        RegistrationEngine engine = mock(RegistrationEngine.class);
        String old = startSleeping(name, first);
        try {
            ConsulAgentLocator locator = new ConsulAgentLocator(docker(), engine, properties("consul://" + name + ":8500", null));
            locator.locate();
            verify(engine).agentNetworks(Set.of(first));

            docker().stopContainerCmd(old).withTimeout(0).exec();
            locator.onNetworkEvent(old);
            docker().removeContainerCmd(old).exec();
            String recreated = startSleeping(name, second);
            try {
                locator.onNetworkEvent(recreated);

                verify(engine).agentNetworks(Set.of(second));
                verify(engine, never()).agentNetworks(Set.of());
            } finally {
                removeIfThere(recreated);
            }
        } finally {
            removeIfThere(old);
        }
    }

    private static void removeIfThere(String container) {
        try {
            docker().removeContainerCmd(container).withForce(true).exec();
        } catch (NotFoundException alreadyGone) {
            // removed by the test itself
        }
    }

    private static String startSleeping(String name, String network) {
        String id = docker().createContainerCmd(TestImages.jre().asCanonicalNameString()).withName(name)
                .withCmd("sleep", "300").withHostConfig(HostConfig.newHostConfig().withNetworkMode(network)).exec().getId();
        docker().startContainerCmd(id).exec();
        return id;
    }

    @Test
    void aNetworkEventOfTheAgentLooksAgain() {
        RegistrationEngine engine = mock(RegistrationEngine.class);
        ConsulAgentLocator locator = new ConsulAgentLocator(docker(), engine, properties("http://127.0.0.1:8500", agent.getContainerId()));
        locator.locate();
        locator.onNetworkEvent("0123456789ab-not-the-agent");
        locator.onNetworkEvent(agent.getContainerId());
        verify(engine, times(2)).agentNetworks(networks);
    }
}
