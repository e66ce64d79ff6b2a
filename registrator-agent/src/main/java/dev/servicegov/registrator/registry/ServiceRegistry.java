package dev.servicegov.registrator.registry;

import java.util.Map;

import dev.servicegov.registrator.bridge.ServiceDefinition;

/** Where services are registered. Every method throws {@link RegistryException} when the registry fails. */
public interface ServiceRegistry {

    /** Registers or replaces the service (idempotent). */
    void register(ServiceDefinition service);

    /**
     * Registers the service in place of the same instance's registration under another id (its container was renamed),
     * then removes that one, so that the instance never leaves rotation. A registry that keeps health checks starts the
     * new one with the old one's status.
     */
    default void replace(ServiceDefinition service, String replacedId) {
        register(service);
        deregister(replacedId);
    }

    /** Removes the service; removing an unknown id is not an error. */
    void deregister(String serviceId);

    /** Puts the service into maintenance mode with the reason, or takes it out ({@code enable=false}). */
    void maintenance(String serviceId, boolean enable, String reason);

    /** Sets the status ({@code passing}, {@code warning}, {@code critical}) of the service's TTL check. */
    void updateTtl(String serviceId, String status, String output);

    /**
     * The services this agent on this node registered (by their ownership records), by id: with the
     * {@link ServiceDefinition#fingerprint()} the registry keeps beside each and the container it was for.
     */
    Map<String, OwnedService> listOwned(String nodeName);

    /**
     * The services the last {@link #listOwned} found held for someone else, by id; none where ids are not shared
     * (key-value stores: see the README).
     */
    default Map<String, ForeignService> foreignAtLastListing() {
        return Map.of();
    }

    /** Checks the registry answers; throws when it does not. */
    void ping();

    /** Where the registry holds the service, for humans: e.g. {@code consul service <id>} or a key. */
    default String location(ServiceDefinition service) {
        return "service " + service.id();
    }
}
