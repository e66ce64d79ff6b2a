package dev.servicegov.registrator.it;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import org.springframework.core.ParameterizedTypeReference;
import org.springframework.web.client.RestClient;

/** What the registrator registered in a Consul agent, read through its HTTP API. */
final class RegisteredServices {

    private static final ParameterizedTypeReference<Map<String, Map<String, Object>>> AGENT_SERVICES = new ParameterizedTypeReference<>() { };
    private static final ParameterizedTypeReference<List<Map<String, Object>>> CATALOG_ENTRIES = new ParameterizedTypeReference<>() { };

    private final RestClient consul;

    RegisteredServices(String consulUrl) {
        this.consul = RestClient.create(consulUrl);
    }

    /** The ids of the containers whose services the registrator registered (its {@code container-id} meta). */
    Set<String> containerIds() {
        return consul.get().uri("/v1/agent/services").retrieve().body(AGENT_SERVICES).values().stream()
                .map(service -> (Map<?, ?>) service.get("Meta"))
                .filter(meta -> meta != null && "registrator-agent".equals(meta.get("registered-by")))
                .map(meta -> (String) meta.get("container-id"))
                .collect(Collectors.toSet());
    }

    /** {@code address:port} of every instance of the service in the catalog. */
    List<String> endpoints(String service) {
        return catalog(service).stream().map(entry -> entry.get("ServiceAddress") + ":" + entry.get("ServicePort")).toList();
    }

    /** The catalog's CreateIndex of the service's only instance: it changes when the service is deregistered and registered again. */
    long createIndex(String service) {
        List<Map<String, Object>> entries = catalog(service);
        if (entries.size() != 1) {
            throw new IllegalStateException("expected one instance of " + service + " in the catalog, found " + entries);
        }
        return ((Number) entries.get(0).get("CreateIndex")).longValue();
    }

    private List<Map<String, Object>> catalog(String service) {
        return consul.get().uri("/v1/catalog/service/{name}", service).retrieve().body(CATALOG_ENTRIES);
    }
}
