package dev.servicegov.registrator.bridge;

import java.util.List;

/**
 * What a sync has to write.
 *
 * @param toRegister services to (re-)register
 * @param toDeregister service ids to deregister
 * @param toUpdate registered services whose TTL check status or maintenance mode alone changed
 */
public record SyncPlan(List<ServiceDefinition> toRegister, List<String> toDeregister, List<ServiceDefinition> toUpdate) {

    public SyncPlan {
        toRegister = List.copyOf(toRegister);
        toDeregister = List.copyOf(toDeregister);
        toUpdate = List.copyOf(toUpdate);
    }

    public SyncPlan(List<ServiceDefinition> toRegister, List<String> toDeregister) {
        this(toRegister, toDeregister, List.of());
    }

    public boolean isEmpty() {
        return toRegister.isEmpty() && toDeregister.isEmpty() && toUpdate.isEmpty();
    }
}
