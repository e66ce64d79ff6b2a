package dev.servicegov.registrator.bridge;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

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

    /** The same service with another health check. */
    public ServiceDefinition withCheck(CheckDefinition newCheck) {
        return new ServiceDefinition(id, name, address, port, tags, meta, newCheck, containerId, containerName, nameRule,
                maintenance, addressRule);
    }

    /** Whether the two differ in nothing but the TTL check's status and the maintenance mode. */
    public boolean sameRegistration(ServiceDefinition other) {
        return other != null && normalized().equals(other.normalized());
    }

    /**
     * A digest of what a registry writes for the service (id, name, address, port, tags, meta, check), the TTL check's
     * status aside: two definitions with the same registration have the same fingerprint, in any JVM. Registries keep it
     * beside the service so that a restarted agent can tell which services are already there as they should be.
     */
    public String fingerprint() {
        CheckDefinition plain = normalized().check();
        StringBuilder text = new StringBuilder();
        for (Object part : List.of(id, name, String.valueOf(address), port, tags, new TreeMap<>(meta), String.valueOf(plain))) {
            String value = part.toString();
            text.append(value.length()).append(':').append(value).append(';');
        }
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(text.toString().getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest, 0, 12);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JVM has SHA-256", e);
        }
    }

    private ServiceDefinition normalized() {
        CheckDefinition plain = check != null && check.isTtl() ? check.withStatus(null) : check;
        return withCheck(plain).withMaintenance(null);
    }
}
