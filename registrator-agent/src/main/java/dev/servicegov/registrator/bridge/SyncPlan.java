package dev.servicegov.registrator.bridge;

import java.util.List;
import java.util.Map;

/**
 * What a sync has to write.
 *
 * @param toRegister services to (re-)register
 * @param toDeregister service ids to deregister
 * @param toUpdate registered services whose TTL check status or maintenance mode alone changed
 * @param replacing id of a service to register to the id it replaces: the same container's service, registered under
 *     an id that no longer fits (the container was renamed). The old id is deregistered after the new one is
 *     registered, so that the instance never leaves rotation; it is not in {@code toDeregister}.
 */
public record SyncPlan(List<ServiceDefinition> toRegister, List<String> toDeregister, List<ServiceDefinition> toUpdate,
        Map<String, String> replacing) {

    public SyncPlan {
        toRegister = List.copyOf(toRegister);
        toDeregister = List.copyOf(toDeregister);
        toUpdate = List.copyOf(toUpdate);
        replacing = Map.copyOf(replacing);
    }

    public boolean isEmpty() {
        return toRegister.isEmpty() && toDeregister.isEmpty() && toUpdate.isEmpty();
    }
}
