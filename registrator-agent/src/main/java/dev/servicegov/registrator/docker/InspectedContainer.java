package dev.servicegov.registrator.docker;

import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;

import dev.servicegov.registrator.bridge.ContainerInfo;

/**
 * The part of the engine's answer to {@code GET /containers/{id}/json} that the mapping reads, bound by Jackson.
 * <p>
 * docker-java's own binding of that answer reads every nested object three times (as a tree, as a bean and as raw
 * values): 1 to 2 ms per inspection in the agent's small JVM, on the path from a {@code start} event to the
 * registration. The transport stays docker-java's ({@link DockerContainerSource}).
 */
@JsonIgnoreProperties(ignoreUnknown = true)
record InspectedContainer(@JsonProperty("Id") String id, @JsonProperty("Name") String name,
        @JsonProperty("State") State state, @JsonProperty("Config") Config config,
        @JsonProperty("HostConfig") HostConfig hostConfig, @JsonProperty("NetworkSettings") NetworkSettings networkSettings) {

    private static final String CONTAINER_MODE = "container:";

    @JsonIgnoreProperties(ignoreUnknown = true)
    record State(@JsonProperty("Running") Boolean running, @JsonProperty("Paused") Boolean paused,
            @JsonProperty("Health") Health health, @JsonProperty("StartedAt") String startedAt,
            @JsonProperty("ExitCode") Integer exitCode, @JsonProperty("Restarting") Boolean restarting) {
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    record Health(@JsonProperty("Status") String status) {
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    record Config(@JsonProperty("Image") String image, @JsonProperty("Labels") Map<String, String> labels,
            @JsonProperty("Env") List<String> env, @JsonProperty("ExposedPorts") Map<String, Object> exposedPorts,
            @JsonProperty("StopSignal") String stopSignal) {
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    record HostConfig(@JsonProperty("NetworkMode") String networkMode) {
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    record NetworkSettings(@JsonProperty("Ports") Map<String, List<Binding>> ports,
            @JsonProperty("Networks") Map<String, Network> networks) {
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    record Binding(@JsonProperty("HostIp") String hostIp, @JsonProperty("HostPort") String hostPort) {
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    record Network(@JsonProperty("IPAddress") String ipAddress, @JsonProperty("GlobalIPv6Address") String globalIpv6Address) {
    }

    /** The code it exited with, when it does not run (also while its restart policy waits to start it again). */
    OptionalInt exitCode() {
        return state != null && !running() && state.exitCode() != null ? OptionalInt.of(state.exitCode()) : OptionalInt.empty();
    }

    /**
     * Whether its process runs. Not while its restart policy waits to start it again: the engine then says
     * {@code Running} too (and {@code Restarting}), and lists it, though it exited and has no address or binding.
     */
    boolean running() {
        return state != null && Boolean.TRUE.equals(state.running()) && !Boolean.TRUE.equals(state.restarting());
    }

    Map<String, String> labels() {
        return config == null || config.labels() == null ? Map.of() : config.labels();
    }

    /**
     * The container whose network namespace this one joined ({@code --network container:X}, Compose's
     * {@code network_mode: service:X}), or {@code null}.
     */
    String networkOwner() {
        String mode = hostConfig == null ? null : hostConfig.networkMode();
        return mode != null && mode.startsWith(CONTAINER_MODE) ? mode.substring(CONTAINER_MODE.length()) : null;
    }

    ContainerInfo toInfo() {
        return toInfo(this);
    }

    /**
     * As {@link #toInfo()}, for a container reached through {@code network}'s network namespace (its
     * {@link #networkOwner()}): that one's addresses, its published bindings of the ports this one exposes, and the
     * host's network mode when that one has it. Docker gives a container in another's namespace none of these. When
     * that one started after this one, this one still holds the namespace of its previous run, which has no address
     * any more (Docker does not move it): none then.
     */
    ContainerInfo toInfo(InspectedContainer network) {
        Map<String, String> env = new HashMap<>();
        if (config != null && config.env() != null) {
            for (String entry : config.env()) {
                int eq = entry.indexOf('=');
                if (eq > 0) {
                    env.put(entry.substring(0, eq), entry.substring(eq + 1));
                }
            }
        }
        NetworkSettings settings = network != this && network.startedAfter(this) ? null : network.networkSettings();
        Map<String, String> networks = new HashMap<>();
        Map<String, String> ipv6Networks = new HashMap<>();
        if (settings != null && settings.networks() != null) {
            settings.networks().forEach((name, addresses) -> {
                putIfSet(networks, name, addresses == null ? null : addresses.ipAddress());
                putIfSet(ipv6Networks, name, addresses == null ? null : addresses.globalIpv6Address());
            });
        }
        Map<String, List<Binding>> bindings = settings == null || settings.ports() == null ? Map.of() : settings.ports();
        List<ContainerInfo.PortSpec> ports = config == null || config.exposedPorts() == null ? List.of()
                : config.exposedPorts().keySet().stream().map(port -> portSpec(port, bindings.get(port))).distinct().toList();
        String health = state == null || state.health() == null ? null : state.health().status();
        String stopSignal = config == null || config.stopSignal() == null || config.stopSignal().isBlank() ? null
                : config.stopSignal();
        return new ContainerInfo(id, name == null ? id : name.replaceFirst("^/", ""), config == null ? "" : config.image(),
                labels(), env, networks, ports, networkMode(network),
                state != null && Boolean.TRUE.equals(state.paused()),
                health == null || health.isBlank() ? null : health, ipv6Networks, stopSignal);
    }

    private boolean startedAfter(InspectedContainer other) {
        Instant mine = startedAt();
        Instant theirs = other.startedAt();
        return mine != null && theirs != null && mine.isAfter(theirs);
    }

    private Instant startedAt() {
        try {
            return state == null || state.startedAt() == null ? null : Instant.parse(state.startedAt());
        } catch (DateTimeParseException unreadable) {
            return null;
        }
    }

    private String networkMode(InspectedContainer network) {
        String own = hostConfig == null ? null : hostConfig.networkMode();
        String theirs = network.hostConfig() == null ? null : network.hostConfig().networkMode();
        return network != this && "host".equals(theirs) ? theirs : own;
    }

    private static void putIfSet(Map<String, String> map, String key, String value) {
        if (value != null && !value.isBlank()) {
            map.put(key, value);
        }
    }

    /** {@code 80/tcp} (or {@code 80}) and its first published binding, if any ({@code -p 8080:80}, {@code -p 127.0.0.1:8080:80}). */
    private static ContainerInfo.PortSpec portSpec(String exposed, List<Binding> bindings) {
        int slash = exposed.indexOf('/');
        int port = Integer.parseInt(slash < 0 ? exposed : exposed.substring(0, slash));
        String protocol = slash < 0 ? "tcp" : exposed.substring(slash + 1);
        if (bindings != null) {
            for (Binding binding : bindings) {
                if (binding != null && binding.hostPort() != null && binding.hostPort().matches("\\d+")) {
                    return new ContainerInfo.PortSpec(port, protocol, binding.hostIp(), Integer.valueOf(binding.hostPort()));
                }
            }
        }
        return new ContainerInfo.PortSpec(port, protocol);
    }
}
