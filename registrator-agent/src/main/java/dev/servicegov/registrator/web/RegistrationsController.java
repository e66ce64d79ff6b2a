package dev.servicegov.registrator.web;

import java.util.List;

import dev.servicegov.registrator.bridge.CheckDefinition;
import dev.servicegov.registrator.sync.RegistrationEngine;

import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/** {@code GET /registrations}: what this agent registered in Consul. */
@RestController
public class RegistrationsController {

    /**
     * One registered service as shown to humans and scripts.
     *
     * @param maintenance why it is in Consul maintenance mode (its container is paused), or {@code null}
     * @param addressRule which setting or rule gave the address (e.g. {@code label SERVICE_NETWORK})
     */
    public record Registration(String serviceId, String name, String address, int port, List<String> tags,
            String containerId, String containerName, String nameRule, CheckDefinition check, String maintenance,
            String addressRule) {
    }

    private final RegistrationEngine engine;

    public RegistrationsController(RegistrationEngine engine) {
        this.engine = engine;
    }

    @GetMapping("/registrations")
    public List<Registration> registrations() {
        return engine.registrations().stream()
                .map(service -> new Registration(service.id(), service.name(), service.address(), service.port(), service.tags(),
                        service.containerId(), service.containerName(), service.nameRule(), service.check(),
                        service.maintenance(), service.addressRule()))
                .toList();
    }
}
