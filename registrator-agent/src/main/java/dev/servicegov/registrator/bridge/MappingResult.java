package dev.servicegov.registrator.bridge;

import java.util.List;

/** The services of one container and the warnings met while working them out. */
public record MappingResult(List<ServiceDefinition> services, List<String> warnings) {

    public MappingResult {
        services = List.copyOf(services);
        warnings = List.copyOf(warnings);
    }

    static MappingResult none() {
        return new MappingResult(List.of(), List.of());
    }
}
