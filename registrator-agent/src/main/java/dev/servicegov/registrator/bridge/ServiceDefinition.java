package dev.servicegov.registrator.bridge;

import java.util.List;
import java.util.Map;

/**
 * One service to register for one port of one container.
 *
 * @param id stable service id {@code <node>:<container name>:<port>[:udp]}
 * @param name service name
 * @param address registered address: the container IP (internal mode) or the host's (published mode, host network)
 * @param port registered port: the container port (internal mode, host network) or the published host port
 * @param tags service tags
 * @param meta service meta, including the ownership keys
 * @param check health check, or {@code null} for none
 * @param containerId full container id
 * @param containerName container name
 * @param nameRule which rule gave the name, e.g. {@code label SERVICE_NAME} or {@code image}
 * @param maintenance reason the service is in Consul maintenance mode (its container is paused), or {@code null}
 * @param addressRule which setting or rule gave the address, e.g. {@code label SERVICE_NETWORK} or
 *     {@code network backend shared with the Consul agent}, or {@code null}
 */
public record ServiceDefinition(String id, String name, String address, int port, List<String> tags,
        Map<String, String> meta, CheckDefinition check, String containerId, String containerName,
        String nameRule, String maintenance, String addressRule) {

    public ServiceDefinition {
        tags = tags == null ? List.of() : List.copyOf(tags);
        meta = meta == null ? Map.of() : Map.copyOf(meta);
    }

    public ServiceDefinition(String id, String name, String address, int port, List<String> tags,
            Map<String, String> meta, CheckDefinition check, String containerId, String containerName, String nameRule) {
        this(id, name, address, port, tags, meta, check, containerId, containerName, nameRule, null, null);
    }

    public ServiceDefinition(String id, String name, String address, int port, List<String> tags,
            Map<String, String> meta, CheckDefinition check, String containerId, String containerName, String nameRule,
            String maintenance) {
        this(id, name, address, port, tags, meta, check, containerId, containerName, nameRule, maintenance, null);
    }

    /** The check's status if it is a TTL check, else {@code null}. */
    public String ttlStatus() {
        return check != null && check.isTtl() ? check.status() : null;
    }

    /** The same service in maintenance mode for the reason, or out of it ({@code null}). */
    public ServiceDefinition withMaintenance(String reason) {
        return new ServiceDefinition(id, name, address, port, tags, meta, check, containerId, containerName, nameRule, reason,
                addressRule);
    }

    /** Whether the two differ in nothing but the TTL check's status and the maintenance mode. */
    public boolean sameRegistration(ServiceDefinition other) {
        return other != null && normalized().equals(other.normalized());
    }

    private ServiceDefinition normalized() {
        CheckDefinition plain = check != null && check.isTtl() ? check.withStatus(null) : check;
        return new ServiceDefinition(id, name, address, port, tags, meta, plain, containerId, containerName, nameRule, null,
                addressRule);
    }
}
