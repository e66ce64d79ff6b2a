package dev.servicegov.registrator.sync;

import java.time.Clock;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import dev.servicegov.registrator.bridge.ContainerInfo;
import dev.servicegov.registrator.bridge.MappingContext;
import dev.servicegov.registrator.bridge.MappingResult;
import dev.servicegov.registrator.bridge.ServiceDefinition;
import dev.servicegov.registrator.bridge.ServiceMapper;
import dev.servicegov.registrator.config.RegistratorProperties.DeregisterMode;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The engine's view of a running container's services: the mapping's warnings logged and counted once while they
 * last, and a container being stopped kept out of rotation (deregistered, or in maintenance under on-success), though
 * the Docker engine still says it runs.
 */
final class ContainerMapper {

    // under the engine's name, as before this class was taken out of it: log filters and alerts keep working
    private static final Logger log = LoggerFactory.getLogger(RegistrationEngine.class);

    private final Map<String, List<String>> warned = new HashMap<>();
    /** Container id to the id of the container whose network namespace it shares. */
    private final Map<String, String> namespaceOwners = new HashMap<>();
    private final ContainerStops stops;
    private final RegistratorMetrics metrics;
    private final DeregisterMode mode;
    private final Clock clock;

    ContainerMapper(ContainerStops stops, RegistratorMetrics metrics, DeregisterMode mode, Clock clock) {
        this.stops = stops;
        this.metrics = metrics;
        this.mode = mode;
        this.clock = clock;
    }

    List<ServiceDefinition> servicesOf(ContainerInfo container, MappingContext context) {
        stops.stopSignal(container.id(), container.stopSignal());
        String owner = container.networkNamespaceOwner();
        if (owner == null) {
            namespaceOwners.remove(container.id());
        } else {
            namespaceOwners.put(container.id(), owner);
        }
        MappingResult result = ServiceMapper.map(container, context);
        if (!result.warnings().isEmpty() && !result.warnings().equals(warned.get(container.id()))) {
            result.warnings().forEach(warning -> log.warn("{}", warning));
            result.warnings().forEach(warning -> metrics.error("mapping"));
        }
        warned.put(container.id(), result.warnings());
        if (!stops.isStopping(container.id(), clock.instant())) {
            return result.services();
        }
        return mode == DeregisterMode.ALWAYS ? List.of() : ContainerEventRules.draining(result.services());
    }

    /** The mapped containers that share the network namespace of one of these. */
    Set<String> inNamespaceOf(Set<String> owners) {
        return namespaceOwners.entrySet().stream().filter(entry -> owners.contains(entry.getValue()))
                .map(Map.Entry::getKey).collect(Collectors.toSet());
    }

    /** How many containers it remembers. */
    int size() {
        Set<String> ids = new HashSet<>(warned.keySet());
        ids.addAll(namespaceOwners.keySet());
        return ids.size();
    }

    void forget(String containerId) {
        warned.remove(containerId);
        namespaceOwners.remove(containerId);
        stops.forget(containerId);
    }

    /** Forgets every container but these. */
    void retainOnly(Collection<String> containerIds) {
        warned.keySet().retainAll(containerIds);
        namespaceOwners.keySet().retainAll(containerIds);
        stops.retainOnly(containerIds);
    }
}
