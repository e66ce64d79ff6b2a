package dev.servicegov.gateway.consul;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import tools.jackson.databind.JsonNode;

import org.springframework.cloud.client.ServiceInstance;
import org.springframework.cloud.consul.discovery.ConsulServiceInstance;
import org.springframework.cloud.consul.model.http.health.HealthService;

/** Reads the JSON bodies of Consul's health and catalog APIs into instances and names. */
final class HealthAnswers {

    private HealthAnswers() {
    }

    /** {@code /v1/health/service/{name}} → instances, in Consul's order; host: service address, else node address. */
    static List<ServiceInstance> instances(String serviceId, JsonNode body) {
        List<ServiceInstance> instances = new ArrayList<>();
        for (JsonNode entry : body) {
            JsonNode service = entry.path("Service");
            HealthService.Service registration = new HealthService.Service();
            registration.setId(service.path("ID").asString(null));
            registration.setService(service.path("Service").asString(serviceId));
            String address = service.path("Address").asString("");
            if (address.isEmpty()) {
                address = entry.path("Node").path("Address").asString("");
            }
            registration.setAddress(address);
            registration.setPort(service.path("Port").asInt(0));
            List<String> tags = new ArrayList<>();
            service.path("Tags").forEach(tag -> tags.add(tag.asString()));
            registration.setTags(tags);
            Map<String, String> meta = new LinkedHashMap<>();
            service.path("Meta").properties().forEach(field -> meta.put(field.getKey(), field.getValue().asString("")));
            registration.setMeta(meta);
            HealthService health = new HealthService();
            health.setService(registration);
            instances.add(new ConsulServiceInstance(health, serviceId));
        }
        return List.copyOf(instances);
    }

    /** {@code /v1/catalog/services} → the service names. */
    static Set<String> serviceNames(JsonNode body) {
        Set<String> names = new LinkedHashSet<>();
        body.propertyNames().forEach(names::add);
        return Set.copyOf(names);
    }
}
