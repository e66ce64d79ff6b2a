package dev.servicegov.registrator.it;

import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.times;
import static org.mockito.Mockito.verify;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Set;

import com.github.dockerjava.api.DockerClient;

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
