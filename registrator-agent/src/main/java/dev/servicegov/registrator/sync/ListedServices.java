package dev.servicegov.registrator.sync;

import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.stream.Collectors;

import dev.servicegov.registrator.bridge.ServiceDefinition;
import dev.servicegov.registrator.registry.ForeignService;
import dev.servicegov.registrator.registry.OwnedService;

/**
 * The services the registry holds for this agent's node as it last listed them, by id: unknown before the first
 * listing and after one failed. The agent's own writes keep it current between listings: a registration adds its id
 * and container, without a fingerprint (what this agent wrote it knows better: see {@code RegistryWriter.holds}).
 */
final class ListedServices {

    private Map<String, OwnedService> byId;
    private Map<String, ForeignService> foreign = Map.of();

    void listed(Map<String, OwnedService> services) {
        listed(services, Map.of());
    }

    /** @param others the services listed for someone else, by id */
    void listed(Map<String, OwnedService> services, Map<String, ForeignService> others) {
        byId = new HashMap<>(services);
        foreign = new HashMap<>(others);
    }

    void unknown() {
        byId = null;
        foreign = Map.of();
    }

    /** The services the registry holds for someone else, by id, as last listed; none when unknown. */
    Map<String, ForeignService> foreign() {
        return foreign;
    }

    boolean isEmpty() {
        return byId == null || byId.isEmpty();
    }

    /** The fingerprint the registry keeps for the service; {@code null} when unknown or not listed. */
    String fingerprintOf(String serviceId) {
        OwnedService listed = byId == null ? null : byId.get(serviceId);
        return listed == null ? null : listed.fingerprint();
    }

    /**
     * Whether the listing has the service's id for the service's container: by the container the registry keeps
     * beside it, else (a record written before it was kept) by the fingerprint.
     */
    boolean hasFor(ServiceDefinition service) {
        OwnedService listed = byId == null ? null : byId.get(service.id());
        if (listed == null) {
            return false;
        }
        return listed.containerId() != null ? listed.containerId().equals(service.containerId())
                : service.fingerprint().equals(listed.fingerprint());
    }

    void registered(ServiceDefinition service) {
        if (byId != null) {
            byId.putIfAbsent(service.id(), new OwnedService("", service.containerId()));
            foreign.remove(service.id());
        }
    }

    void deregistered(String serviceId) {
        if (byId != null) {
            byId.remove(serviceId);
        }
    }

    /**
     * The listed ids but those of the kept containers that are not wanted: services the agent keeps without knowing
     * their definitions (a container that exited under deregister=on-success, found by a restarted agent), which must
     * not count as orphans. {@code null} when unknown.
     */
    Collection<String> idsBut(Set<String> keptContainers, Map<String, ServiceDefinition> wanted) {
        if (byId == null || keptContainers.isEmpty()) {
            return byId == null ? null : byId.keySet();
        }
        return byId.entrySet().stream()
                .filter(entry -> wanted.containsKey(entry.getKey()) || entry.getValue().containerId() == null
                        || !keptContainers.contains(entry.getValue().containerId()))
                .map(Map.Entry::getKey)
                .toList();
    }

    /** The containers of the listed services, as far as the registry keeps them; none when unknown. */
    Set<String> containers() {
        if (byId == null) {
            return Set.of();
        }
        return byId.values().stream().map(OwnedService::containerId).filter(Objects::nonNull).collect(Collectors.toSet());
    }
}
