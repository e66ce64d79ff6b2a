package dev.servicegov.registrator.registry.kv;

/**
 * What the agent keeps beside each service key it wrote, under {@link KvLayout#ownerKey(String)}: which node
 * owns the service, where its key is and what it holds, so that deregistering, cleanup and maintenance work
 * from the store alone (a restarted agent has no memory).
 *
 * @param id the service id
 * @param node the owning agent's node name
 * @param key the service's key
 * @param value what the service's key holds (or held, while in maintenance)
 * @param maintenance whether the key is removed for maintenance (its container is paused)
 * @param fingerprint the registration's {@link dev.servicegov.registrator.bridge.ServiceDefinition#fingerprint()}, or
 *     {@code null} in records written before it was kept
 * @param containerId the id of the container the service is for, or {@code null} in records written before it was kept
 */
public record OwnerRecord(String id, String node, String key, String value, boolean maintenance, String fingerprint,
        String containerId) {

    OwnerRecord withMaintenance(boolean enabled) {
        return new OwnerRecord(id, node, key, value, enabled, fingerprint, containerId);
    }
}
