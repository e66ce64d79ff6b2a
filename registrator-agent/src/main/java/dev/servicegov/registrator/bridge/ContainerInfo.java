package dev.servicegov.registrator.bridge;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * What the mapping needs to know of an inspected container, free of any Docker client type.
 *
 * @param id full container id
 * @param name container name without the leading slash
 * @param image image reference as the container was created with (Config.Image)
 * @param labels container labels
 * @param env environment variables of Config.Env, as name to value
 * @param networks network name to the container's IPv4 address on it
 * @param ports exposed container ports, with their published host binding when there is one
 * @param networkMode HostConfig.NetworkMode, e.g. {@code bridge}, {@code host}, or {@code null}
 * @param paused whether the container is paused (State.Paused)
 * @param health Docker HEALTHCHECK status ({@code starting}, {@code healthy}, {@code unhealthy}),
 *     {@code null} when the container has no health check
 * @param ipv6Networks network name to the container's global IPv6 address on it (networks with IPv6 enabled)
 * @param stopSignal the signal {@code docker stop} sends it (Config.StopSignal, e.g. {@code SIGQUIT}), or {@code null}
 *     for the default, SIGTERM
 */
public record ContainerInfo(String id, String name, String image, Map<String, String> labels,
        Map<String, String> env, Map<String, String> networks, List<PortSpec> ports, String networkMode,
        boolean paused, String health, Map<String, String> ipv6Networks, String stopSignal) {

    private static final String CONTAINER_MODE = "container:";

    public ContainerInfo {
        labels = labels == null ? Map.of() : Map.copyOf(labels);
        env = env == null ? Map.of() : Map.copyOf(env);
        networks = networks == null ? Map.of() : Map.copyOf(networks);
        ports = ports == null ? List.of() : List.copyOf(ports);
        ipv6Networks = ipv6Networks == null ? Map.of() : Map.copyOf(ipv6Networks);
    }

    /** A container stopped with the default signal. */
    public ContainerInfo(String id, String name, String image, Map<String, String> labels, Map<String, String> env,
            Map<String, String> networks, List<PortSpec> ports, String networkMode, boolean paused, String health,
            Map<String, String> ipv6Networks) {
        this(id, name, image, labels, env, networks, ports, networkMode, paused, health, ipv6Networks, null);
    }

    /** A container without IPv6 addresses. */
    public ContainerInfo(String id, String name, String image, Map<String, String> labels, Map<String, String> env,
            Map<String, String> networks, List<PortSpec> ports, String networkMode, boolean paused, String health) {
        this(id, name, image, labels, env, networks, ports, networkMode, paused, health, Map.of());
    }

    /** A running, unpaused container without health check on a bridge-like network. */
    public ContainerInfo(String id, String name, String image, Map<String, String> labels,
            Map<String, String> env, Map<String, String> networks, List<PortSpec> ports) {
        this(id, name, image, labels, env, networks, ports, null, false, null);
    }

    /** The names of the networks it has an address on, IPv4 or IPv6, in name order. */
    public Set<String> networkNames() {
        Set<String> names = new TreeSet<>(networks.keySet());
        names.addAll(ipv6Networks.keySet());
        return names;
    }

    /**
     * The id of the container whose network namespace it shares ({@code --network container:X}, Compose's
     * {@code network_mode: service:X}; HostConfig.NetworkMode {@code container:<id>}), else {@code null}. Its addresses
     * are that one's, and follow that one's starts, exits and network changes.
     */
    public String networkNamespaceOwner() {
        return networkMode != null && networkMode.startsWith(CONTAINER_MODE) && networkMode.length() > CONTAINER_MODE.length()
                ? networkMode.substring(CONTAINER_MODE.length()) : null;
    }

    /** Whether the container shares the host's network stack ({@code --net=host}). */
    public boolean hostNetwork() {
        return "host".equals(networkMode);
    }

    /**
     * An exposed port and its protocol ({@code tcp} or {@code udp}).
     *
     * @param port container port
     * @param protocol {@code tcp} or {@code udp}
     * @param hostIp host address it is published on ({@code 0.0.0.0} or empty for all), or {@code null}
     * @param hostPort published host port, or {@code null} when not published
     */
    public record PortSpec(int port, String protocol, String hostIp, Integer hostPort) {

        public PortSpec(int port, String protocol) {
            this(port, protocol, null, null);
        }

        public boolean udp() {
            return "udp".equalsIgnoreCase(protocol);
        }
    }
}
