package dev.servicegov.registrator.docker;

import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.command.InspectContainerResponse;
import com.github.dockerjava.api.exception.NotFoundException;
import com.github.dockerjava.api.model.Container;
import com.github.dockerjava.api.model.ContainerNetwork;
import com.github.dockerjava.api.model.ExposedPort;
import com.github.dockerjava.api.model.Ports;

import dev.servicegov.registrator.bridge.ContainerInfo;
import dev.servicegov.registrator.config.RegistratorProperties;
import dev.servicegov.registrator.sync.ContainerSource;

import org.springframework.stereotype.Component;

/** Lists and inspects containers through docker-java and turns them into {@link ContainerInfo}. */
@Component
public class DockerContainerSource implements ContainerSource {

    private final DockerClient docker;
    private final String labelKey;
    private final String labelValue;

    public DockerContainerSource(DockerClient docker, RegistratorProperties properties) {
        this.docker = docker;
        String label = properties.containerLabel() == null ? "" : properties.containerLabel().trim();
        int eq = label.indexOf('=');
        this.labelKey = label.isEmpty() ? null : eq < 0 ? label : label.substring(0, eq);
        this.labelValue = eq < 0 ? null : label.substring(eq + 1);
    }

    @Override
    public List<ContainerInfo> running() {
        return docker.listContainersCmd().withShowAll(false).exec().stream()
                .map(Container::getId)
                .map(this::inspectRunning)
                .flatMap(Optional::stream)
                .toList();
    }

    @Override
    public Optional<ContainerInfo> inspectRunning(String containerId) {
        try {
            InspectContainerResponse response = docker.inspectContainerCmd(containerId).exec();
            boolean running = response.getState() != null && Boolean.TRUE.equals(response.getState().getRunning());
            return running && selected(response) ? Optional.of(toInfo(response)) : Optional.empty();
        } catch (NotFoundException e) {
            return Optional.empty();
        }
    }

    /** Whether the container carries the configured {@code registrator.container-label} (always, when unset). */
    private boolean selected(InspectContainerResponse response) {
        if (labelKey == null) {
            return true;
        }
        Map<String, String> labels = response.getConfig() == null ? null : response.getConfig().getLabels();
        if (labels == null || !labels.containsKey(labelKey)) {
            return false;
        }
        return labelValue == null || labelValue.equals(labels.get(labelKey));
    }

    static ContainerInfo toInfo(InspectContainerResponse response) {
        var config = response.getConfig();
        String name = response.getName() == null ? response.getId() : response.getName().replaceFirst("^/", "");
        Map<String, String> env = new HashMap<>();
        if (config != null && config.getEnv() != null) {
            for (String entry : config.getEnv()) {
                int eq = entry.indexOf('=');
                if (eq > 0) {
                    env.put(entry.substring(0, eq), entry.substring(eq + 1));
                }
            }
        }
        Map<String, String> networks = new HashMap<>();
        Map<String, String> ipv6Networks = new HashMap<>();
        if (response.getNetworkSettings() != null && response.getNetworkSettings().getNetworks() != null) {
            for (Map.Entry<String, ContainerNetwork> entry : response.getNetworkSettings().getNetworks().entrySet()) {
                ContainerNetwork network = entry.getValue();
                putIfSet(networks, entry.getKey(), network == null ? null : network.getIpAddress());
                putIfSet(ipv6Networks, entry.getKey(), network == null ? null : network.getGlobalIPv6Address());
            }
        }
        ExposedPort[] exposed = config == null || config.getExposedPorts() == null ? new ExposedPort[0] : config.getExposedPorts();
        Map<ExposedPort, Ports.Binding[]> bindings = response.getNetworkSettings() == null
                || response.getNetworkSettings().getPorts() == null ? Map.of() : response.getNetworkSettings().getPorts().getBindings();
        List<ContainerInfo.PortSpec> ports = Arrays.stream(exposed)
                .map(port -> portSpec(port, bindings.get(port)))
                .distinct()
                .toList();
        var state = response.getState();
        String health = state == null || state.getHealth() == null ? null : state.getHealth().getStatus();
        String networkMode = response.getHostConfig() == null ? null : response.getHostConfig().getNetworkMode();
        return new ContainerInfo(response.getId(), name, config == null ? "" : config.getImage(),
                config == null ? Map.of() : config.getLabels(), env, networks, ports, networkMode,
                state != null && Boolean.TRUE.equals(state.getPaused()), health == null || health.isBlank() ? null : health,
                ipv6Networks);
    }

    private static void putIfSet(Map<String, String> map, String key, String value) {
        if (value != null && !value.isBlank()) {
            map.put(key, value);
        }
    }

    /** The port and its first published binding, if any ({@code -p 8080:80}, {@code -p 127.0.0.1:8080:80}). */
    private static ContainerInfo.PortSpec portSpec(ExposedPort port, Ports.Binding[] bindings) {
        String protocol = port.getProtocol() == null ? "tcp" : port.getProtocol().toString();
        if (bindings != null) {
            for (Ports.Binding binding : bindings) {
                String hostPort = binding == null ? null : binding.getHostPortSpec();
                if (hostPort != null && hostPort.matches("\\d+")) {
                    return new ContainerInfo.PortSpec(port.getPort(), protocol, binding.getHostIp(), Integer.valueOf(hostPort));
                }
            }
        }
        return new ContainerInfo.PortSpec(port.getPort(), protocol);
    }
}
