package dev.servicegov.registrator.it.backends;

import java.util.Map;
import java.util.Optional;

import dev.servicegov.testsupport.TestConsul;

import org.springframework.core.ParameterizedTypeReference;
import org.springframework.http.MediaType;
import org.springframework.web.client.RestClient;
import org.testcontainers.containers.GenericContainer;

/** The behaviour suite on the Consul agent backend ({@code consul://}): services in the agent's catalog. */
class ConsulAgentBackendIT extends AbstractRegistryBackendIT {

    static final ParameterizedTypeReference<Map<String, Map<String, Object>>> SERVICES = new ParameterizedTypeReference<>() { };

    @Override
    GenericContainer<?> createBackend() {
        return TestConsul.create();
    }

    @Override
    String registryUri() {
        return "consul://127.0.0.1:" + backend.getMappedPort(8500);
    }

    RestClient consul() {
        return RestClient.create("http://127.0.0.1:" + backend.getMappedPort(8500));
    }

    @Override
    Optional<String> stored(String name, String id) {
        Map<String, Object> service = consul().get().uri("/v1/agent/services").retrieve().body(SERVICES).get(id);
        return service == null || !name.equals(service.get("Service")) ? Optional.empty()
                : Optional.of(service.get("Address") + ":" + service.get("Port"));
    }

    @Override
    void seedOwned(String ownerNode, String name, String id, String address, int port) {
        register(Map.of("ID", id, "Name", name, "Address", address, "Port", port,
                "Meta", Map.of("registered-by", "registrator-agent", "registrator-node", ownerNode)));
    }

    @Override
    void seedForeign(String name, String id, String address, int port) {
        register(Map.of("ID", id, "Name", name, "Address", address, "Port", port));
    }

    private void register(Map<String, Object> service) {
        consul().put().uri("/v1/agent/service/register").contentType(MediaType.APPLICATION_JSON).body(service)
                .retrieve().toBodilessEntity();
    }

    @Override
    boolean inMaintenance(String id) {
        return consul().get().uri("/v1/agent/checks").retrieve().body(SERVICES).containsKey("_service_maintenance:" + id);
    }

    @Override
    void removeBehindTheAgentsBack(String name, String id) {
        consul().put().uri("/v1/agent/service/deregister/{id}", id).retrieve().toBodilessEntity();
    }
}
