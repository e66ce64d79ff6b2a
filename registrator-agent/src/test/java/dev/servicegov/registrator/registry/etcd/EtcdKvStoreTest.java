package dev.servicegov.registrator.registry.etcd;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import dev.servicegov.registrator.bridge.ServiceDefinition;
import dev.servicegov.registrator.registry.kv.KvLayout;
import dev.servicegov.registrator.registry.kv.KvServiceRegistry;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The keys an agent keeps alive on its lease, and writes again under a new one when the lease is lost. */
class EtcdKvStoreTest {

    /** etcd in memory: one lease at a time, which {@link #loseTheLease()} ends with its keys. */
    static final class FakeEtcd extends EtcdGateway {
        final Map<String, String> keys = new TreeMap<>();
        long lease;

        FakeEtcd() {
            super(null, "etcd in memory");
        }

        void loseTheLease() {
            keys.clear();
            lease = -lease;
        }

        @Override
        void put(String key, String value, long onLease) {
            keys.put(key, value);
        }

        @Override
        Map<String, String> range(String key, String rangeEnd) {
            return rangeEnd == null ? (keys.containsKey(key) ? Map.of(key, keys.get(key)) : Map.of())
                    : Map.copyOf(((TreeMap<String, String>) keys).subMap(key, rangeEnd));
        }

        @Override
        void delete(String key) {
            keys.remove(key);
        }

        @Override
        long grant(long ttlSeconds) {
            lease = Math.abs(lease) + 1;
            return lease;
        }

        @Override
        long keepAlive(long id) {
            return id == lease ? 30 : 0;
        }
    }

    final FakeEtcd etcd = new FakeEtcd();
    final EtcdKvStore store = new EtcdKvStore(etcd, Duration.ofSeconds(30));
    final KvServiceRegistry registry = new KvServiceRegistry(store, new KvLayout("services", false));

    @AfterEach
    void close() {
        store.close();
    }

    final ServiceDefinition web = new ServiceDefinition("n1:web-1:8080", "web", "10.0.0.5", 8080, List.of(),
            Map.of("registered-by", "registrator-agent", "registrator-node", "n1"), null, "c0ffee", "web-1",
            "label SERVICE_NAME");

    @Test
    void aServiceDeregisteredWhileItsLeaseIsLostIsNotWrittenAgainUnderTheNextOne() {
        registry.register(web);
        assertThat(etcd.keys).hasSize(2);

        etcd.loseTheLease();
        registry.deregister(web.id());
        store.keepAlive();

        assertThat(etcd.keys).as("its container is gone: nothing to bring back").isEmpty();
    }

    @Test
    void aServicePausedWhileItsLeaseIsLostStaysAwayUnderTheNextOne() {
        registry.register(web);

        etcd.loseTheLease();
        registry.maintenance(web.id(), true, "container web-1 is paused");
        store.keepAlive();

        assertThat(etcd.keys).as("only its owner record, in maintenance").containsOnlyKeys(new KvLayout("services", false)
                .ownerKey(web.id()));
        assertThat(etcd.keys.values().iterator().next()).contains("\"maintenance\":true");
    }
}
