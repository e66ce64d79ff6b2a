package dev.servicegov.registrator.registry.kv;

import java.util.Map;
import java.util.Optional;

/** A key-value store (Consul KV, etcd). Every method throws {@code RegistryException} when the store fails. */
public interface KvStore {

    /** Creates or replaces the key. */
    void put(String key, String value);

    /** The key's value, or empty when it does not exist. */
    Optional<String> get(String key);

    /** Every key under the prefix (the prefix itself included) with its value; empty when none. */
    Map<String, String> list(String prefix);

    /** Removes the key; removing a missing key is not an error. */
    void delete(String key);

    /**
     * What this agent wrote to the key and has not removed, where the store keeps it to write it again (etcd, under a
     * new lease); else empty.
     */
    default Optional<String> writtenByThisAgent(String key) {
        return Optional.empty();
    }

    /** Checks the store answers; throws when it does not. */
    void ping();

    /** The store's name in messages, e.g. "etcd at http://127.0.0.1:2379". */
    String describe();

    /**
     * Whether the keys an agent wrote outlive that agent. When they do not (etcd's are bound to the lease of the
     * agent that wrote them), the next agent writes them again under its own, even those that are as they should be.
     */
    default boolean keysOutliveTheirWriter() {
        return true;
    }
}
