package dev.servicegov.registrator.sync;

import java.util.HashSet;
import java.util.Set;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Under {@code deregister=on-success}, the containers that exited with a failure: their services stay registered
 * (critical) until the container is removed or starts again. The agent learns of them from the {@code die} event; a
 * restarted agent, which saw no such event, from the registry: a service it holds for a container that is not running.
 */
final class RetainedContainers {

    private static final Logger log = LoggerFactory.getLogger(RetainedContainers.class);

    private final boolean onSuccess;
    private final ContainerSource containers;
    private final Set<String> ids = new HashSet<>();

    /** @param onSuccess whether {@code deregister=on-success}: otherwise no container is ever retained */
    RetainedContainers(boolean onSuccess, ContainerSource containers) {
        this.onSuccess = onSuccess;
        this.containers = containers;
    }

    void add(String containerId) {
        ids.add(containerId);
    }

    void remove(String containerId) {
        ids.remove(containerId);
    }

    boolean contains(String containerId) {
        return ids.contains(containerId);
    }

    Set<String> ids() {
        return Set.copyOf(ids);
    }

    /**
     * At a full reconcile: keeps the retained containers that are still there and not running, and adds those of the
     * registry's services that exited with a failure. A container the engine does not answer about is kept until it
     * does: its services are not removed on a guess.
     *
     * @param running the containers running now
     * @param inRegistry the containers of the services the registry holds for this node
     */
    void reconcile(Set<String> running, Set<String> inRegistry) {
        ids.removeAll(running);
        if (!onSuccess) {
            return;
        }
        Set<String> candidates = new HashSet<>(ids);
        candidates.addAll(inRegistry);
        candidates.removeAll(running);
        for (String id : candidates) {
            try {
                boolean exitedWithFailure = containers.exitCode(id).stream().anyMatch(ContainerEventRules::failed);
                if (exitedWithFailure && ids.add(id)) {
                    log.info("Container {} exited with a failure before this agent saw it: keeping its services "
                            + "(deregister=on-success)", id);
                } else if (!exitedWithFailure) {
                    ids.remove(id);
                }
            } catch (RuntimeException e) {
                ids.add(id);
                log.warn("Cannot inspect container {}: {}; keeping its services until the engine answers", id, e.getMessage());
            }
        }
    }
}
