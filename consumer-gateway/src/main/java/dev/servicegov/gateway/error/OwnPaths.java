package dev.servicegov.gateway.error;

import java.util.Objects;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * The first path segments the gateway answers itself ({@code /services}, {@code /actuator}): never routed to a
 * service, and a path under them that nothing answers is the gateway's own 404, whatever Consul's state.
 */
public record OwnPaths(Set<String> firstSegments) {

    public OwnPaths {
        firstSegments = Set.copyOf(firstSegments);
    }

    /** From the gateway's own base paths; a base path of "/" (actuator's endpoints at the root) keeps no name free. */
    public static OwnPaths of(String... basePaths) {
        return new OwnPaths(Stream.of(basePaths).map(ServiceNames::fromPath).filter(Objects::nonNull)
                .collect(Collectors.toSet()));
    }

    public boolean contains(String firstSegment) {
        return firstSegment != null && firstSegments.contains(firstSegment);
    }
}
