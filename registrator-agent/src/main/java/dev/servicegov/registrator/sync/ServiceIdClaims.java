package dev.servicegov.registrator.sync;

import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import java.util.function.Predicate;

import dev.servicegov.registrator.bridge.ServiceDefinition;

/**
 * One service per id, when several containers claim the same one (the same {@code SERVICE_ID} given twice): the
 * container that holds it in the registry keeps it, else the one whose name sorts first, so the choice neither flaps
 * nor depends on the order of events. The other claim is not registered, and said once until it changes.
 */
final class ServiceIdClaims {

    private static final Comparator<ServiceDefinition> BY_CONTAINER = Comparator
            .comparing(ServiceDefinition::containerName, Comparator.nullsLast(Comparator.naturalOrder()))
            .thenComparing(ServiceDefinition::containerId);

    private final Set<String> reported = new HashSet<>();

    /**
     * @param desired each container's services
     * @param held whether the registry holds that very service (that container's) under its id
     * @param warning receives each new conflict, worded for the log
     * @return the services to register, by id
     */
    Map<String, ServiceDefinition> wanted(Collection<List<ServiceDefinition>> desired,
            Predicate<ServiceDefinition> held, Consumer<String> warning) {
        Map<String, ServiceDefinition> wanted = new HashMap<>();
        Set<String> conflicts = new HashSet<>();
        desired.forEach(services -> services.forEach(service -> {
            ServiceDefinition other = wanted.putIfAbsent(service.id(), service);
            if (other != null && !other.containerId().equals(service.containerId())) {
                ServiceDefinition kept = keeper(other, service, held);
                ServiceDefinition dropped = kept == other ? service : other;
                wanted.put(service.id(), kept);
                String conflict = service.id() + " " + dropped.containerId();
                conflicts.add(conflict);
                if (reported.add(conflict)) {
                    warning.accept("service id '" + service.id() + "' is claimed by container '" + kept.containerName()
                            + "' and by container '" + dropped.containerName() + "'; registering the first one's, "
                            + "not the second's: give one of them another SERVICE_ID");
                }
            }
        }));
        reported.retainAll(conflicts);
        return wanted;
    }

    /** How many conflicts it remembers having reported. */
    int size() {
        return reported.size();
    }

    private static ServiceDefinition keeper(ServiceDefinition a, ServiceDefinition b,
            Predicate<ServiceDefinition> held) {
        if (held.test(a)) {
            return a;
        }
        if (held.test(b)) {
            return b;
        }
        return BY_CONTAINER.compare(a, b) <= 0 ? a : b;
    }
}
