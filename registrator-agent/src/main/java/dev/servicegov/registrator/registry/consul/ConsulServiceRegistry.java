package dev.servicegov.registrator.registry.consul;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.UnaryOperator;

import dev.servicegov.registrator.bridge.CheckDefinition;
import dev.servicegov.registrator.bridge.ServiceDefinition;
import dev.servicegov.registrator.bridge.ServiceMapper;
import dev.servicegov.registrator.registry.ForeignService;
import dev.servicegov.registrator.registry.OwnedService;
import dev.servicegov.registrator.registry.RegistryCalls;
import dev.servicegov.registrator.registry.RegistryException;
import dev.servicegov.registrator.registry.ServiceRegistry;

import org.springframework.core.ParameterizedTypeReference;
import org.springframework.http.MediaType;
import org.springframework.web.client.HttpClientErrorException;
import org.springframework.web.client.RestClient;

/** Registers services through the local Consul agent's HTTP API ({@code /v1/agent/...}). */
public class ConsulServiceRegistry implements ServiceRegistry {

    /** What {@code /v1/agent/services} and {@code /v1/agent/checks} answer: each entry by its id. */
    private static final ParameterizedTypeReference<Map<String, Map<String, Object>>> ENTRIES =
            new ParameterizedTypeReference<>() { };

    private final RestClient client;
    private volatile Map<String, ForeignService> foreign = Map.of();

    /** @param client a client on the agent's HTTP API, from {@link ConsulHttpClients} */
    public ConsulServiceRegistry(RestClient client) {
        this.client = client;
    }

    @Override
    public void register(ServiceDefinition service) {
        register(service, suffix -> null);
    }

    @Override
    public void replace(ServiceDefinition service, String replacedId) {
        // a paused container's check may well pass (its kernel still answers a TCP probe): maintenance alone kept it out
        // of rotation, so its new check starts as Consul starts any, and maintenance follows the registration
        register(service, service.maintenance() != null ? suffix -> null : checkStatuses(replacedId));
        deregister(replacedId);
    }

    private void register(ServiceDefinition service, UnaryOperator<String> carriedStatus) {
        call("register " + service.id(), () -> client.put().uri("/v1/agent/service/register")
                .contentType(MediaType.APPLICATION_JSON).body(payload(service, carriedStatus)).retrieve().toBodilessEntity());
    }

    /** The statuses of the service's checks on the agent, by {@link #checkSuffix}. */
    private UnaryOperator<String> checkStatuses(String serviceId) {
        Map<String, Map<String, Object>> checks = call("read the checks of " + serviceId,
                () -> client.get().uri("/v1/agent/checks").retrieve().body(ENTRIES));
        return suffix -> {
            Map<String, Object> check = checks == null ? null : checks.get("service:" + serviceId + suffix);
            return check == null ? null : Objects.toString(check.get("Status"), null);
        };
    }

    @Override
    public void deregister(String serviceId) {
        try {
            call("deregister " + serviceId, () -> client.put().uri("/v1/agent/service/deregister/{id}", serviceId)
                    .retrieve().toBodilessEntity());
        } catch (RegistryException e) {
            if (!(e.getCause() instanceof HttpClientErrorException.NotFound)) {
                throw e;
            }
        }
    }

    @Override
    public void maintenance(String serviceId, boolean enable, String reason) {
        call((enable ? "put into" : "take out of") + " maintenance " + serviceId, () -> client.put()
                .uri("/v1/agent/service/maintenance/{id}?enable={enable}&reason={reason}", serviceId, enable, reason == null ? "" : reason)
                .retrieve().toBodilessEntity());
    }

    @Override
    public void updateTtl(String serviceId, String status, String output) {
        call("update the check of " + serviceId, () -> client.put().uri("/v1/agent/check/update/{check}", "service:" + serviceId)
                .contentType(MediaType.APPLICATION_JSON).body(Map.of("Status", status, "Output", output == null ? "" : output))
                .retrieve().toBodilessEntity());
    }

    @Override
    public Map<String, OwnedService> listOwned(String nodeName) {
        Map<String, Map<String, Object>> services = call("list services",
                () -> client.get().uri("/v1/agent/services").retrieve().body(ENTRIES));
        Map<String, OwnedService> owned = new HashMap<>();
        Map<String, ForeignService> others = new HashMap<>();
        if (services != null) {
            services.values().forEach(service -> {
                String id = String.valueOf(service.get("ID"));
                Map<?, ?> meta = service.get("Meta") instanceof Map<?, ?> map ? map : Map.of();
                boolean agent = ServiceMapper.OWNER.equals(meta.get(ServiceMapper.OWNER_KEY));
                if (agent && nodeName.equals(meta.get(ServiceMapper.NODE_KEY))) {
                    owned.put(id, new OwnedService(
                            Objects.toString(meta.get(ServiceMapper.FINGERPRINT_KEY), ""),
                            (String) meta.get(ServiceMapper.CONTAINER_ID_KEY)));
                } else {
                    others.put(id, new ForeignService(holder(agent, meta), agent, (String) service.get("Address"),
                            service.get("Port") instanceof Number port ? port.intValue() : 0));
                }
            });
        }
        foreign = Map.copyOf(others);
        return owned;
    }

    @Override
    public Map<String, ForeignService> foreignAtLastListing() {
        return foreign;
    }

    private static String holder(boolean agent, Map<?, ?> meta) {
        if (agent) {
            return "the registrator-agent of node '" + meta.get(ServiceMapper.NODE_KEY) + "'";
        }
        Object by = meta.get(ServiceMapper.OWNER_KEY);
        return by != null ? "'" + by + "'" : "someone else (no " + ServiceMapper.OWNER_KEY + " meta: by hand or another tool)";
    }

    @Override
    public void ping() {
        call("ping", () -> client.get().uri("/v1/agent/self").retrieve().toBodilessEntity());
    }

    @Override
    public String location(ServiceDefinition service) {
        return "consul agent service " + service.id();
    }

    /**
     * @param carriedStatus the status a check the definition gives none starts with, by {@link #checkSuffix}; it answers
     *     {@code null} for Consul's default
     */
    static Map<String, Object> payload(ServiceDefinition service, UnaryOperator<String> carriedStatus) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("ID", service.id());
        body.put("Name", service.name());
        body.put("Address", service.address());
        body.put("Port", service.port());
        body.put("Tags", service.tags());
        if (service.enableTagOverride()) {
            body.put("EnableTagOverride", true);
        }
        Map<String, String> meta = new LinkedHashMap<>(service.meta());
        meta.put(ServiceMapper.FINGERPRINT_KEY, service.fingerprint());
        body.put("Meta", meta);
        CheckDefinition check = service.check();
        if (check != null) {
            Map<String, Object> own = check(service.name(), carried(check, checkSuffix(0), carriedStatus));
            if (!service.extraChecks().isEmpty()) {
                // named, or Consul would number it among the others
                own.put("CheckID", "service:" + service.id());
            }
            body.put("Check", own);
        }
        List<Map<String, Object>> extras = new ArrayList<>();
        for (int i = 1; i <= service.extraChecks().size(); i++) {
            CheckDefinition extra = service.extraChecks().get(i - 1);
            Map<String, Object> payload = check(service.name(), carried(extra, checkSuffix(i), carriedStatus));
            payload.put("CheckID", "service:" + service.id() + checkSuffix(i));
            payload.put("Name", "Service '" + service.name() + "' check " + (i + 1) + ": " + extra.type());
            extras.add(payload);
        }
        if (!extras.isEmpty()) {
            body.put("Checks", extras);
        }
        return body;
    }

    /**
     * How the id of a service's check ends after {@code service:<service id>}: nothing for its own check (index 0), as
     * when it is the only one, and {@code :2}, {@code :3} and on for its extra checks.
     */
    private static String checkSuffix(int index) {
        return index == 0 ? "" : ":" + (index + 1);
    }

    private static CheckDefinition carried(CheckDefinition check, String suffix, UnaryOperator<String> carriedStatus) {
        return check.status() == null ? check.withStatus(carriedStatus.apply(suffix)) : check;
    }

    static Map<String, Object> check(String serviceName, CheckDefinition check) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("Name", "Service '" + serviceName + "' " + check.type() + " check");
        switch (check.type()) {
            case "http" -> body.put("HTTP", check.target());
            case "grpc" -> body.put("GRPC", check.target());
            case "script" -> body.put("Args", List.of("sh", "-c", check.target()));
            case "ttl", "docker" -> body.put("TTL", check.target());
            default -> body.put("TCP", check.target());
        }
        if ("docker".equals(check.type())) {
            body.put("Notes", "the container's Docker HEALTHCHECK verdict, set by registrator-agent");
        }
        if (check.interval() != null && !check.isTtl()) {
            body.put("Interval", check.interval());
        }
        if (check.timeout() != null && !check.isTtl()) {
            body.put("Timeout", check.timeout());
        }
        if (check.method() != null) {
            body.put("Method", check.method());
        }
        if (!check.headers().isEmpty()) {
            body.put("Header", check.headers());
        }
        if (check.grpcUseTls()) {
            body.put("GRPCUseTLS", true);
        }
        if (check.tlsSkipVerify()) {
            body.put("TLSSkipVerify", true);
        }
        if (check.status() != null) {
            body.put("Status", check.status());
        }
        if (check.deregisterCriticalServiceAfter() != null) {
            body.put("DeregisterCriticalServiceAfter", check.deregisterCriticalServiceAfter());
        }
        return body;
    }

    /** Consul's own reason (e.g. "ACL not found", "Permission denied: Missing service:write on web") and the fix. */
    static String forbidden(String what, String consulReason) {
        return "Consul refused to " + what + " (403: " + consulReason.strip() + "): the registrator's ACL token is "
                + "missing, unknown or lacks a permission. It needs service:write, node:read and agent:read; "
                + "give it one in /run/secrets/consul-token (the secure overlay does) or CONSUL_HTTP_TOKEN.";
    }

    private static <T> T call(String what, java.util.function.Supplier<T> request) {
        return RegistryCalls.call("Consul", what, () -> {
            try {
                return request.get();
            } catch (HttpClientErrorException.Forbidden e) {
                throw new RegistryException(forbidden(what, e.getResponseBodyAsString()), e);
            }
        });
    }
}
