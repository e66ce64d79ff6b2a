package dev.servicegov.registrator.registry.kv;

import java.util.Collection;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

import dev.servicegov.registrator.bridge.ServiceDefinition;
import dev.servicegov.registrator.registry.OwnedService;
import dev.servicegov.registrator.registry.ServiceRegistry;

/**
 * Services as keys in a key-value store (registrator's consulkv and etcd layout, see {@link KvLayout}). A store has
 * no health checks: checks and TTL updates are ignored, and maintenance removes the service's key until it ends.
 */
public class KvServiceRegistry implements ServiceRegistry, AutoCloseable {

    private final KvStore store;
    private final KvLayout layout;

    public KvServiceRegistry(KvStore store, KvLayout layout) {
        this.store = store;
        this.layout = layout;
    }

    @Override
    public void register(ServiceDefinition service) {
        OwnerRecord owner = layout.owner(service);
        Optional<OwnerRecord> previous = read(service.id());
        if (previous.isPresent() && !previous.get().key().equals(owner.key())) {
            store.delete(previous.get().key());
        }
        // the owner record first: a crash in between leaves an owned record that cleanup removes, never an orphan key
        store.put(layout.ownerKey(service.id()), layout.encode(owner));
        store.put(owner.key(), owner.value());
    }

    @Override
    public void deregister(String serviceId) {
        Optional<OwnerRecord> owner = read(serviceId);
        if (owner.isPresent()) {
            store.delete(owner.get().key());
            store.delete(layout.ownerKey(serviceId));
        }
    }

    @Override
    public void maintenance(String serviceId, boolean enable, String reason) {
        Optional<OwnerRecord> owner = read(serviceId);
        if (owner.isEmpty() || owner.get().maintenance() == enable) {
            return;
        }
        store.put(layout.ownerKey(serviceId), layout.encode(owner.get().withMaintenance(enable)));
        if (enable) {
            store.delete(owner.get().key());
        } else {
            store.put(owner.get().key(), owner.get().value());
        }
    }

    /** A key-value store has no checks to update. */
    @Override
    public void updateTtl(String serviceId, String status, String output) {
        // nothing to do
    }

    /**
     * Services whose owner record names the node and whose key exists (or is away for maintenance), with the
     * fingerprint the record keeps; none when the keys die with the agent that wrote them (etcd's lease).
     */
    @Override
    public Map<String, OwnedService> listOwned(String nodeName) {
        Collection<String> records = store.list(layout.ownersPrefix()).values();
        Set<String> keys = store.list(layout.servicesPrefix()).keySet();
        return records.stream()
                .map(layout::decode)
                .filter(owner -> owner != null && nodeName.equals(owner.node()))
                .filter(owner -> owner.maintenance() || keys.contains(owner.key()))
                .collect(Collectors.toUnmodifiableMap(OwnerRecord::id,
                        owner -> new OwnedService(store.keysOutliveTheirWriter() ? Objects.toString(owner.fingerprint(), "") : "",
                                owner.containerId())));
    }

    @Override
    public void ping() {
        store.ping();
    }

    @Override
    public String location(ServiceDefinition service) {
        return store.describe() + " key " + layout.serviceKey(service);
    }

    /**
     * The service's owner record; else what this agent wrote there: a record gone with a lost lease is written again
     * under the next one, key and all, so a removal or a maintenance is to apply to it.
     */
    private Optional<OwnerRecord> read(String serviceId) {
        String ownerKey = layout.ownerKey(serviceId);
        return store.get(ownerKey).or(() -> store.writtenByThisAgent(ownerKey)).map(layout::decode);
    }

    @Override
    public void close() {
        if (store instanceof AutoCloseable closeable) {
            try {
                closeable.close();
            } catch (Exception e) {
                throw new IllegalStateException("cannot close " + store.describe(), e);
            }
        }
    }
}
