package dev.servicegov.registrator.sync;

import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;

import dev.servicegov.registrator.bridge.ForeignIds;
import dev.servicegov.registrator.bridge.ServiceDefinition;
import dev.servicegov.registrator.registry.ForeignService;

/**
 * The service ids the registry holds for someone else ({@link ForeignIds}): not registered over, not deregistered, each
 * said once until it changes. Such an id is registered once it is free.
 */
final class ForeignServiceIds {

    private final Set<String> reported = new HashSet<>();

    /** How many conflicts it remembers having reported. */
    int size() {
        return reported.size();
    }

    /**
     * @param wanted the services to register, by id
     * @param foreign the services the registry holds for others, by id, as last listed
     * @param givenUp receives each id this agent leaves to its holder: what it wrote there is no longer its own
     * @param warning receives each new conflict, worded for the log
     * @return the wanted services but those left to others
     */
    Map<String, ServiceDefinition> free(Map<String, ServiceDefinition> wanted, Map<String, ForeignService> foreign,
            Consumer<String> givenUp, Consumer<String> warning) {
        if (foreign.isEmpty()) {
            reported.clear();
            return wanted;
        }
        Map<String, ServiceDefinition> free = new HashMap<>(wanted);
        Set<String> conflicts = new HashSet<>();
        foreign.forEach((id, held) -> {
            ServiceDefinition service = wanted.get(id);
            if (!ForeignIds.leaveAlone(held.agent(), held.address(), held.port(), service)) {
                return;
            }
            free.remove(id);
            givenUp.accept(id);
            if (service != null) {
                String conflict = id + " " + service.containerId() + " " + held;
                conflicts.add(conflict);
                if (reported.add(conflict)) {
                    warning.accept("service id '" + id + "' of container '" + service.containerName()
                            + "' is registered by " + held.holder() + " at " + held.address() + ":" + held.port()
                            + "; leaving it to them, not registering this container's (registered once the id is free): "
                            + "give the container another SERVICE_ID");
                }
            }
        });
        reported.retainAll(conflicts);
        return free;
    }
}
