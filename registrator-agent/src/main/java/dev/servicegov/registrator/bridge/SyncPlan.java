package dev.servicegov.registrator.bridge;

import java.util.List;

/** What a sync has to write: services to (re-)register and service ids to deregister. */
public record SyncPlan(List<ServiceDefinition> toRegister, List<String> toDeregister) {

    public SyncPlan {
        toRegister = List.copyOf(toRegister);
        toDeregister = List.copyOf(toDeregister);
    }

    public boolean isEmpty() {
        return toRegister.isEmpty() && toDeregister.isEmpty();
    }
}
