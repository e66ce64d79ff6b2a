package dev.servicegov.registrator.bridge;

import java.util.List;
import java.util.Map;

/**
 * What the mapping needs to know of an inspected container, free of any Docker client type.
 *
 * @param id full container id
 * @param name container name without the leading slash
 * @param image image reference as the container was created with (Config.Image)
 * @param labels container labels
 * @param env environment variables of Config.Env, as name to value
 * @param networks network name to the container's IP address on it
 * @param ports exposed container ports
 */
public record ContainerInfo(String id, String name, String image, Map<String, String> labels,
        Map<String, String> env, Map<String, String> networks, List<PortSpec> ports) {

    public ContainerInfo {
        labels = labels == null ? Map.of() : Map.copyOf(labels);
        env = env == null ? Map.of() : Map.copyOf(env);
        networks = networks == null ? Map.of() : Map.copyOf(networks);
        ports = ports == null ? List.of() : List.copyOf(ports);
    }

    /** An exposed port and its protocol ({@code tcp} or {@code udp}). */
    public record PortSpec(int port, String protocol) {

        public boolean udp() {
            return "udp".equalsIgnoreCase(protocol);
        }
    }
}
