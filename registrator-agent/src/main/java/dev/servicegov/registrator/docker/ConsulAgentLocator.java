package dev.servicegov.registrator.docker;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.exception.NotFoundException;
import com.github.dockerjava.api.model.Container;
import com.github.dockerjava.api.model.ContainerNetwork;

import dev.servicegov.registrator.config.RegistratorProperties;
import dev.servicegov.registrator.registry.RegistryUri;
import dev.servicegov.registrator.sync.RegistrationEngine;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * Finds the Consul agent's container among the engine's containers and hands its networks to the
 * {@link RegistrationEngine}, which prefers a container's address on one of them. The container is
 * {@code registrator.registry-container} when set, else the one named like the host of the Consul URI, else the one
 * with that host's IP address. Looked up at start and again on network events of that container (or, while no
 * running one is found, of any container): one inspect or one container listing each time.
 */
@Component
public class ConsulAgentLocator {

    private static final Logger log = LoggerFactory.getLogger(ConsulAgentLocator.class);

    private final DockerClient docker;
    private final RegistrationEngine engine;
    private final String configured;
    private final String host;
    private volatile String agentId;
    private volatile boolean notAContainer;
    private volatile Optional<Agent> last;

    /** The container, its networks, and whether it runs. */
    record Agent(String id, String name, Set<String> networks, boolean running) {
    }

    public ConsulAgentLocator(DockerClient docker, RegistrationEngine engine, RegistratorProperties properties) {
        this.docker = docker;
        this.engine = engine;
        this.configured = blankToNull(properties.registryContainer());
        this.host = RegistryUri.host(properties.registryUri());
    }

    /** Looks the agent's container up and passes its networks on (none when it is not found); never throws. */
    public synchronized void locate() {
        Optional<Agent> agent;
        try {
            agent = find();
        } catch (RuntimeException e) {
            log.warn("Cannot look up the Consul agent's container: {}; keeping its last known networks", e.getMessage());
            return;
        }
        agentId = agent.filter(Agent::running).map(Agent::id).orElse(null);
        if (agent.isPresent() && !agent.get().running()) {
            // stopped, or being replaced by a container of the same name (compose recreating it): its networks stand
            // until a network event of any container, the new one's included, finds the one that runs
            return;
        }
        if (!agent.equals(last)) {
            last = agent;
            if (agent.isPresent()) {
                log.info("The Consul agent runs in container '{}' on networks {}: containers on several networks are registered "
                        + "with their address on one of these unless SERVICE_NETWORK or registrator.network say otherwise",
                        agent.get().name(), agent.get().networks());
            } else if (configured != null) {
                log.warn("registrator.registry-container='{}' is not a container of this engine; containers on several networks "
                        + "are registered with their address on the first network by name unless SERVICE_NETWORK or "
                        + "registrator.network say otherwise; name the Consul agent's container (docker ps)", configured);
            } else {
                log.info("The Consul agent (host {}) is not a container of this engine; containers on several networks are "
                        + "registered with their address on the first network by name unless SERVICE_NETWORK or "
                        + "registrator.network say otherwise; set registrator.registry-container to name the agent's container",
                        host);
            }
        }
        engine.agentNetworks(agent.map(Agent::networks).orElse(Set.of()));
    }

    /** After a network connect or disconnect of the container: looks again when it may be the agent's. */
    public void onNetworkEvent(String containerId) {
        String known = agentId;
        if (containerId != null && (containerId.equals(known) || known == null && !notAContainer)) {
            locate();
        }
    }

    Optional<Agent> find() {
        if (configured != null) {
            return inspect(configured);
        }
        if (host == null) {
            notAContainer = true;
            return Optional.empty();
        }
        if (!host.matches("[0-9.]+|.*:.*")) {
            Optional<Agent> byName = inspect(host);
            if (byName.isPresent()) {
                return byName;
            }
        }
        List<InetAddress> addresses;
        try {
            addresses = Arrays.asList(InetAddress.getAllByName(host));
        } catch (UnknownHostException e) {
            return Optional.empty();
        }
        if (addresses.stream().allMatch(address -> address.isLoopbackAddress() || address.isAnyLocalAddress())) {
            notAContainer = true;
            return Optional.empty();
        }
        return docker.listContainersCmd().withShowAll(false).exec().stream()
                .filter(container -> hasAddress(container, addresses))
                .findFirst()
                .map(container -> new Agent(container.getId(), name(container), new TreeSet<>(networks(container).keySet()),
                        true));
    }

    private Optional<Agent> inspect(String container) {
        try {
            var response = docker.inspectContainerCmd(container).exec();
            Map<String, ContainerNetwork> networks = response.getNetworkSettings() == null
                    || response.getNetworkSettings().getNetworks() == null ? Map.of() : response.getNetworkSettings().getNetworks();
            boolean running = response.getState() != null && Boolean.TRUE.equals(response.getState().getRunning());
            return Optional.of(new Agent(response.getId(), response.getName().replaceFirst("^/", ""),
                    new TreeSet<>(networks.keySet()), running));
        } catch (NotFoundException e) {
            return Optional.empty();
        }
    }

    private static boolean hasAddress(Container container, List<InetAddress> addresses) {
        return networks(container).values().stream()
                .flatMap(network -> Stream.of(network.getIpAddress(), network.getGlobalIPv6Address()))
                .filter(ip -> ip != null && !ip.isBlank())
                .anyMatch(ip -> addresses.stream().anyMatch(address -> sameAddress(address, ip)));
    }

    private static boolean sameAddress(InetAddress address, String literal) {
        try {
            // a literal: no name lookup
            return address.equals(InetAddress.getByName(literal));
        } catch (UnknownHostException e) {
            return false;
        }
    }

    private static Map<String, ContainerNetwork> networks(Container container) {
        return container.getNetworkSettings() == null || container.getNetworkSettings().getNetworks() == null
                ? Map.of() : container.getNetworkSettings().getNetworks();
    }

    private static String name(Container container) {
        return container.getNames() == null || container.getNames().length == 0 ? container.getId()
                : container.getNames()[0].replaceFirst("^/", "");
    }

    private static String blankToNull(String text) {
        return text == null || text.isBlank() ? null : text.trim();
    }
}
