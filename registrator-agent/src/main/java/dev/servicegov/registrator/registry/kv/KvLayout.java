package dev.servicegov.registrator.registry.kv;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;

import dev.servicegov.registrator.bridge.ServiceDefinition;
import dev.servicegov.registrator.bridge.ServiceMapper;

import tools.jackson.core.JacksonException;
import tools.jackson.databind.json.JsonMapper;

/**
 * Registrator's key layout: {@code <prefix>/<service name>/<service id>} holds {@code ip:port} (plain) or a JSON
 * document with address, port, tags and meta (json). Ownership records live apart from the services, under
 * {@code registrator-agent/owners/<prefix>/<service id>}, so that whoever lists {@code <prefix>/} sees services only.
 */
public final class KvLayout {

    static final String OWNERS_ROOT = "registrator-agent/owners/";

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final String prefix;
    private final boolean json;

    /**
     * @param prefix key prefix without leading or trailing slash
     * @param json whether values are JSON documents rather than {@code ip:port}
     */
    public KvLayout(String prefix, boolean json) {
        this.prefix = prefix;
        this.json = json;
    }

    public String serviceKey(ServiceDefinition service) {
        return prefix + "/" + service.name() + "/" + service.id();
    }

    /** The prefix under which every service key lies, with a trailing slash. */
    public String servicesPrefix() {
        return prefix + "/";
    }

    public String ownerKey(String serviceId) {
        return ownersPrefix() + serviceId;
    }

    public String ownersPrefix() {
        return OWNERS_ROOT + prefix + "/";
    }

    /** What the service's key holds. */
    public String value(ServiceDefinition service) {
        if (!json) {
            return service.address() + ":" + service.port();
        }
        Map<String, Object> document = new LinkedHashMap<>();
        document.put("id", service.id());
        document.put("name", service.name());
        document.put("address", service.address());
        document.put("port", service.port());
        document.put("tags", service.tags());
        // sorted: the same service is the same value in every JVM (a definition's meta iterates in a per-JVM order)
        document.put("meta", new TreeMap<>(service.meta()));
        return JSON.writeValueAsString(document);
    }

    public OwnerRecord owner(ServiceDefinition service) {
        return new OwnerRecord(service.id(), service.meta().getOrDefault(ServiceMapper.NODE_KEY, ""), serviceKey(service),
                value(service), false, service.fingerprint(), service.containerId());
    }

    public String encode(OwnerRecord owner) {
        return JSON.writeValueAsString(owner);
    }

    /** The record, or {@code null} when the value is not one (written by someone else): such keys are left alone. */
    public OwnerRecord decode(String value) {
        try {
            OwnerRecord owner = JSON.readValue(value, OwnerRecord.class);
            return owner.id() == null || owner.key() == null ? null : owner;
        } catch (JacksonException e) {
            return null;
        }
    }
}
