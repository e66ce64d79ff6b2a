package dev.servicegov.registrator.registry.kv;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

import dev.servicegov.registrator.bridge.ServiceDefinition;
import dev.servicegov.registrator.registry.OwnedService;

import org.junit.jupiter.api.Test;

class KvServiceRegistryTest {

    /** The store as a sorted map: what a real one does for these calls, minus the network. */
    static final class MapStore implements KvStore {
        final TreeMap<String, String> keys = new TreeMap<>();
        boolean keysOutliveTheirWriter = true;

        @Override
        public boolean keysOutliveTheirWriter() {
            return keysOutliveTheirWriter;
        }

        @Override
        public void put(String key, String value) {
            keys.put(key, value);
        }

        @Override
        public Optional<String> get(String key) {
            return Optional.ofNullable(keys.get(key));
        }

        @Override
        public Map<String, String> list(String prefix) {
            return Map.copyOf(keys.subMap(prefix, prefix + Character.MAX_VALUE));
        }

        @Override
        public void delete(String key) {
            keys.remove(key);
        }

        @Override
        public void ping() {
        }

        @Override
        public String describe() {
            return "map";
        }
    }

    final MapStore store = new MapStore();
    final KvServiceRegistry registry = new KvServiceRegistry(store, new KvLayout("services", false));

    static ServiceDefinition service(String node, String id, String name, String address) {
        return new ServiceDefinition(id, name, address, 8080, List.of(), Map.of("registered-by", "registrator-agent",
                "registrator-node", node), null, "c0ffee", "web-1", "label SERVICE_NAME");
    }

    @Test
    void registerWritesTheKeyAndItsOwnerRecordAndDeregisterRemovesBoth() {
        ServiceDefinition web = service("n1", "n1:web-1:8080", "web", "10.0.0.5");
        registry.register(web);
        assertThat(store.keys).containsEntry("services/web/n1:web-1:8080", "10.0.0.5:8080")
                .containsKey("registrator-agent/owners/services/n1:web-1:8080");
        assertThat(registry.listOwned("n1")).as("with the fingerprint kept in the owner record")
                .containsExactly(Map.entry("n1:web-1:8080", new OwnedService(web.fingerprint(), "c0ffee")));
        store.keysOutliveTheirWriter = false;
        assertThat(registry.listOwned("n1")).as("keys that end with their writer (etcd's lease) are written again by the next")
                .containsExactly(Map.entry("n1:web-1:8080", new OwnedService("", "c0ffee")));

        registry.deregister("n1:web-1:8080");
        assertThat(store.keys).isEmpty();
    }

    @Test
    void aRenamedServiceMovesItsKey() {
        registry.register(service("n1", "n1:web-1:8080", "web", "10.0.0.5"));
        registry.register(service("n1", "n1:web-1:8080", "shop", "10.0.0.5"));
        assertThat(store.keys).containsOnlyKeys("services/shop/n1:web-1:8080", "registrator-agent/owners/services/n1:web-1:8080");
    }

    @Test
    void ownedMeansThisNodesRecordWithItsKeyPresentOrAwayForMaintenance() {
        registry.register(service("n1", "n1:a:80", "a", "10.0.0.1"));
        registry.register(service("n1", "n1:b:80", "b", "10.0.0.2"));
        registry.register(service("n2", "n2:c:80", "c", "10.0.0.3"));
        store.put("services/foreign/x", "10.0.0.9:80");
        registry.maintenance("n1:b:80", true, "paused");
        assertThat(store.keys).doesNotContainKey("services/b/n1:b:80");
        assertThat(registry.listOwned("n1").keySet()).containsExactlyInAnyOrder("n1:a:80", "n1:b:80");

        store.delete("services/a/n1:a:80");
        assertThat(registry.listOwned("n1").keySet()).as("a lost key is not owned, so it is written again").containsExactly("n1:b:80");
        assertThat(registry.listOwned("n2").keySet()).containsExactly("n2:c:80");
    }

    @Test
    void maintenanceEndsByWritingTheKeyBack() {
        registry.register(service("n1", "n1:web-1:8080", "web", "10.0.0.5"));
        registry.maintenance("n1:web-1:8080", true, "paused");
        registry.maintenance("n1:web-1:8080", false, null);
        assertThat(store.keys).containsEntry("services/web/n1:web-1:8080", "10.0.0.5:8080");
        assertThat(new KvLayout("services", false).decode(store.keys.get("registrator-agent/owners/services/n1:web-1:8080")).maintenance())
                .isFalse();
    }

    @Test
    void unknownIdsAndForeignKeysAreLeftAlone() {
        store.put("services/foreign/x", "10.0.0.9:80");
        registry.deregister("x");
        registry.maintenance("x", true, "paused");
        assertThat(store.keys).containsOnlyKeys("services/foreign/x");
    }
}
