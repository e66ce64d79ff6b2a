package dev.servicegov.registrator.bridge;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;

/** Pure diff of the desired services against what is registered. */
public final class SyncPlanner {

    private SyncPlanner() {
    }

    /** {@link #plan(Map, Map, Collection, boolean)} removing owned orphans too. */
    public static SyncPlan plan(Map<String, ServiceDefinition> desired, Map<String, ServiceDefinition> written,
            Collection<String> ownedInRegistry) {
        return plan(desired, written, ownedInRegistry, true);
    }

    /**
     * @param desired service id to the service the running containers call for
     * @param written service id to what this agent last wrote successfully
     * @param ownedInRegistry ids of the services this agent owns as the registry last listed them,
     *     or {@code null} when unknown (registry unreachable)
     * @param cleanup whether owned services this agent did not write (orphans of an earlier run) are removed
     */
    public static SyncPlan plan(Map<String, ServiceDefinition> desired, Map<String, ServiceDefinition> written,
            Collection<String> ownedInRegistry, boolean cleanup) {
        List<ServiceDefinition> register = new ArrayList<>();
        List<ServiceDefinition> update = new ArrayList<>();
        for (ServiceDefinition service : desired.values()) {
            ServiceDefinition last = written.get(service.id());
            boolean missing = ownedInRegistry != null && !ownedInRegistry.contains(service.id());
            if (missing || !service.sameRegistration(last)) {
                register.add(service);
            } else if (!Objects.equals(last, service)) {
                update.add(service);
            }
        }
        register.sort(Comparator.comparing(ServiceDefinition::id));
        update.sort(Comparator.comparing(ServiceDefinition::id));
        Set<String> stale = new TreeSet<>(written.keySet());
        if (ownedInRegistry != null && cleanup) {
            stale.addAll(ownedInRegistry);
        }
        stale.removeAll(desired.keySet());
        Map<String, String> replacing = replacements(register, stale, written);
        stale.removeAll(replacing.values());
        return new SyncPlan(register, new ArrayList<>(stale), update, replacing);
    }

    /** For each service to register, a stale id under which the same container's same instance was written, if any. */
    private static Map<String, String> replacements(List<ServiceDefinition> register, Set<String> stale,
            Map<String, ServiceDefinition> written) {
        Map<String, List<ServiceDefinition>> staleByContainer = new HashMap<>();
        for (String id : stale) {
            ServiceDefinition old = written.get(id);
            if (old != null) {
                staleByContainer.computeIfAbsent(old.containerId(), key -> new ArrayList<>()).add(old);
            }
        }
        Map<String, String> replacing = new HashMap<>();
        for (ServiceDefinition service : register) {
            List<ServiceDefinition> candidates = staleByContainer.getOrDefault(service.containerId(), List.of());
            candidates.stream().filter(old -> sameInstance(old, service)).findFirst().ifPresent(old -> {
                replacing.put(service.id(), old.id());
                candidates.remove(old);
            });
        }
        return replacing;
    }

    private static boolean sameInstance(ServiceDefinition old, ServiceDefinition service) {
        return old.name().equals(service.name()) && Objects.equals(old.address(), service.address()) && old.port() == service.port();
    }
}
