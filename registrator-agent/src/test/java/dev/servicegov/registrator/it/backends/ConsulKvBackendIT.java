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
class ConsulKvBackendIT extends AbstractKvBackendIT {

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

    @Override
    Optional<String> raw(String key) {
        try {
            return Optional.ofNullable(consul().get().uri("/v1/kv/{key}?raw=true", key).retrieve().body(String.class));
        } catch (HttpClientErrorException.NotFound e) {
            return Optional.empty();
        }
    }

    @Override
    Optional<String> stored(String name, String id) {
        return raw(serviceKey(name, id)).map(json -> {
            Map<String, Object> document = JsonParserFactory.getJsonParser().parseMap(json);
            return document.get("address") + ":" + document.get("port");
        });
    }

    @Override
    void put(String key, String value) {
        consul().put().uri("/v1/kv/{key}", key).body(value).retrieve().toBodilessEntity();
    }

    @Override
    String value(String id, String name, String address, int port) {
        return "{\"id\":" + quote(id) + ",\"name\":" + quote(name) + ",\"address\":" + quote(address) + ",\"port\":" + port
                + ",\"tags\":[],\"meta\":{}}";
    }

    @Override
    void removeBehindTheAgentsBack(String name, String id) {
        consul().delete().uri("/v1/kv/{key}", serviceKey(name, id)).retrieve().toBodilessEntity();
    }

    @Test
    void theJsonDocumentCarriesTagsAndMetaAndTheOwnerRecordNamesTheNode() {
        startAgent();
        GenericContainer<?> web = startRegistered("be-json");
        String id = serviceId(web);
        Map<String, Object> document = JsonParserFactory.getJsonParser().parseMap(raw(PREFIX + "/be-json/" + id).orElseThrow());
        assertThat(document).containsEntry("id", id).containsEntry("name", "be-json").containsEntry("tags", List.of("it", "backend"));
        assertThat(document.get("meta")).isInstanceOfSatisfying(Map.class, meta -> assertThat(meta)
                .containsEntry("registered-by", "registrator-agent").containsEntry("registrator-node", node)
                .containsEntry("container-id", web.getContainerId()));
        assertThat(ownerRecord(id)).containsEntry("node", node).containsEntry("key", PREFIX + "/be-json/" + id).containsEntry("maintenance", false);
    }
}
