package dev.servicegov.registrator.bridge;

import java.util.List;
import java.util.Map;

/**
 * One service to register for one port of one container.
 *
 * @param id stable service id {@code <node>:<container name>:<port>[:udp]}
 * @param name service name
 * @param address container IP
 * @param port container port
 * @param tags service tags
 * @param meta service meta, including the ownership keys
 * @param check health check, or {@code null} for none
 * @param containerId full container id
 * @param containerName container name
 * @param nameRule which rule gave the name, e.g. {@code label SERVICE_NAME} or {@code image}
 */
public record ServiceDefinition(String id, String name, String address, int port, List<String> tags,
        Map<String, String> meta, CheckDefinition check, String containerId, String containerName,
        String nameRule) {

    public ServiceDefinition {
        tags = tags == null ? List.of() : List.copyOf(tags);
        meta = meta == null ? Map.of() : Map.copyOf(meta);
    }
}
