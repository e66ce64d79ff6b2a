package dev.servicegov.registrator.bridge;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;

/** Pure diff of the desired services against what is registered. */
public final class SyncPlanner {

    private SyncPlanner() {
    }

    /**
     * @param desired service id to the service the running containers call for
     * @param written service id to what this agent last wrote successfully
     * @param ownedInRegistry ids of the services this agent owns as the registry last listed them,
     *     or {@code null} when unknown (registry unreachable)
     */
    public static SyncPlan plan(Map<String, ServiceDefinition> desired, Map<String, ServiceDefinition> written,
            Collection<String> ownedInRegistry) {
        List<ServiceDefinition> register = new ArrayList<>();
        for (ServiceDefinition service : desired.values()) {
            boolean changed = !Objects.equals(written.get(service.id()), service);
            boolean missing = ownedInRegistry != null && !ownedInRegistry.contains(service.id());
            if (changed || missing) {
                register.add(service);
            }
        }
        register.sort((a, b) -> a.id().compareTo(b.id()));
        Set<String> stale = new TreeSet<>(written.keySet());
        if (ownedInRegistry != null) {
            stale.addAll(ownedInRegistry);
        }
        stale.removeAll(desired.keySet());
        return new SyncPlan(register, new ArrayList<>(stale));
    }
}
