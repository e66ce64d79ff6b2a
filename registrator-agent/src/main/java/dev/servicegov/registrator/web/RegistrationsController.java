package dev.servicegov.registrator.web;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

import dev.servicegov.registrator.bridge.CheckDefinition;
import dev.servicegov.registrator.registry.ServiceRegistry;
import dev.servicegov.registrator.sync.RegistrationEngine;

import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/** {@code GET /registrations}: what this agent registered, and where the registry holds it. */
@RestController
public class RegistrationsController {

    /**
     * One registered service as shown to humans and scripts.
     *
     * @param maintenance why it is in maintenance mode (its container is paused), or {@code null}
     * @param addressRule which setting or rule gave the address (e.g. {@code label SERVICE_NETWORK})
     * @param location where the registry holds it, e.g. {@code consul agent service <id>} or {@code etcd at ... key <key>}
     * @param extraChecks the checks it must pass besides its own ({@code SERVICE_CHECKS}), empty for none
     */
    public record Registration(String serviceId, String name, String address, int port, List<String> tags,
            String containerId, String containerName, String nameRule, CheckDefinition check, String maintenance,
            String addressRule, String location, List<CheckDefinition> extraChecks) {
    }

    static final String HIDDEN = "(hidden)";
    private static final Pattern QUERY = Pattern.compile("\\?.*$");

    private final RegistrationEngine engine;
    private final ServiceRegistry registry;

    public RegistrationsController(RegistrationEngine engine, ServiceRegistry registry) {
        this.engine = engine;
        this.registry = registry;
    }

    @GetMapping("/registrations")
    public List<Registration> registrations() {
        return engine.registrations().stream()
                .map(service -> new Registration(service.id(), service.name(), service.address(), service.port(), service.tags(),
                        service.containerId(), service.containerName(), service.nameRule(), shown(service.check()),
                        service.maintenance(), service.addressRule(), registry.location(service),
                        service.extraChecks().stream().map(RegistrationsController::shown).toList()))
                .toList();
    }

    /**
     * The check with what may carry credentials hidden: its headers' values, a script's command ({@code curl -u
     * user:pass ...}), and the query of an http check's URL ({@code ?access_token=...}). This endpoint asks for no
     * authentication.
     */
    static CheckDefinition shown(CheckDefinition check) {
        if (check == null) {
            return null;
        }
        CheckDefinition shown = check;
        if (!check.headers().isEmpty()) {
            Map<String, List<String>> hidden = new LinkedHashMap<>();
            check.headers().forEach((name, values) -> hidden.put(name, values.stream().map(value -> HIDDEN).toList()));
            shown = shown.withHeaders(hidden);
        }
        if ("script".equals(check.type())) {
            shown = shown.withTarget(HIDDEN);
        } else if ("http".equals(check.type())) {
            shown = shown.withTarget(QUERY.matcher(check.target()).replaceFirst("?" + HIDDEN));
        }
        return shown;
    }
}
