package dev.servicegov.registrator.it.backends;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.Optional;

import dev.servicegov.testsupport.TestConsul;

import org.junit.jupiter.api.Test;
import org.springframework.boot.json.JsonParserFactory;
import org.springframework.web.client.HttpClientErrorException;
import org.springframework.web.client.RestClient;
import org.testcontainers.containers.GenericContainer;

/**
 * The behaviour suite on Consul's key-value store ({@code consulkv://}), with {@code kv-format=json}: each service a
 * JSON document under {@code services/<name>/<id>}, its owner record under {@code registrator-agent/owners/services/}.
 */
class ConsulKvBackendIT extends AbstractRegistryBackendIT {

    static final String PREFIX = "services";

    @Override
    GenericContainer<?> createBackend() {
        return TestConsul.create();
    }

    @Override
    String registryUri() {
        return "consulkv://127.0.0.1:" + backend.getMappedPort(8500) + "/" + PREFIX;
    }

    @Override
    List<String> extraProperties() {
        return List.of("registrator.kv-format=json");
    }

    RestClient consul() {
        return RestClient.create("http://127.0.0.1:" + backend.getMappedPort(8500));
    }

    Optional<String> raw(String key) {
        try {
            return Optional.ofNullable(consul().get().uri("/v1/kv/{key}?raw=true", key).retrieve().body(String.class));
        } catch (HttpClientErrorException.NotFound e) {
            return Optional.empty();
        }
    }

    @Override
    Optional<String> stored(String name, String id) {
        return raw(PREFIX + "/" + name + "/" + id).map(json -> {
            Map<String, Object> document = JsonParserFactory.getJsonParser().parseMap(json);
            return document.get("address") + ":" + document.get("port");
        });
    }

    void put(String key, String value) {
        consul().put().uri("/v1/kv/{key}", key).body(value).retrieve().toBodilessEntity();
    }

    static String document(String id, String name, String address, int port) {
        return "{\"id\":\"" + id + "\",\"name\":\"" + name + "\",\"address\":\"" + address + "\",\"port\":" + port
                + ",\"tags\":[],\"meta\":{}}";
    }

    @Override
    void seedOwned(String ownerNode, String name, String id, String address, int port) {
        String key = PREFIX + "/" + name + "/" + id;
        String value = document(id, name, address, port);
        put("registrator-agent/owners/" + PREFIX + "/" + id, "{\"id\":\"" + id + "\",\"node\":\"" + ownerNode + "\",\"key\":\""
                + key + "\",\"value\":" + quote(value) + ",\"maintenance\":false}");
        put(key, value);
    }

    private static String quote(String text) {
        return "\"" + text.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
    }

    @Override
    void seedForeign(String name, String id, String address, int port) {
        put(PREFIX + "/" + name + "/" + id, document(id, name, address, port));
    }

    @Override
    void removeBehindTheAgentsBack(String name, String id) {
        consul().delete().uri("/v1/kv/{key}", PREFIX + "/" + name + "/" + id).retrieve().toBodilessEntity();
    }

    @Test
    void theJsonDocumentCarriesTagsAndMetaAndTheOwnerRecordNamesTheNode() {
        startAgent();
        GenericContainer<?> web = startContainer("be-json");
        String id = serviceId(web);
        awaitStored("be-json", id, address(web));
        Map<String, Object> document = JsonParserFactory.getJsonParser().parseMap(raw(PREFIX + "/be-json/" + id).orElseThrow());
        assertThat(document).containsEntry("id", id).containsEntry("name", "be-json").containsEntry("tags", List.of("it", "backend"));
        assertThat(document.get("meta")).isInstanceOfSatisfying(Map.class, meta -> assertThat(meta)
                .containsEntry("registered-by", "registrator-agent").containsEntry("registrator-node", node)
                .containsEntry("container-id", web.getContainerId()));
        Map<String, Object> owner = JsonParserFactory.getJsonParser().parseMap(raw("registrator-agent/owners/" + PREFIX + "/" + id).orElseThrow());
        assertThat(owner).containsEntry("node", node).containsEntry("key", PREFIX + "/be-json/" + id).containsEntry("maintenance", false);
    }
}
