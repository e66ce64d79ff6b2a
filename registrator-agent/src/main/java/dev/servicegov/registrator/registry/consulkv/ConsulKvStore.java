package dev.servicegov.registrator.registry.consulkv;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import dev.servicegov.registrator.registry.RegistryCalls;
import dev.servicegov.registrator.registry.kv.KvStore;

import org.springframework.core.ParameterizedTypeReference;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.web.client.RestClient;

/** Consul's key-value store through its HTTP API ({@code /v1/kv/...}). */
public class ConsulKvStore implements KvStore {

    private static final ParameterizedTypeReference<List<Map<String, Object>>> ENTRIES = new ParameterizedTypeReference<>() { };

    private final RestClient client;
    private final String name;

    /** @param client a client on a Consul agent's HTTP API */
    public ConsulKvStore(RestClient client, String where) {
        this.client = client;
        this.name = "Consul KV at " + where;
    }

    @Override
    public void put(String key, String value) {
        call("write " + key, () -> client.put().uri("/v1/kv/{key}", key).contentType(MediaType.APPLICATION_OCTET_STREAM)
                .body(value.getBytes(StandardCharsets.UTF_8)).retrieve().toBodilessEntity());
    }

    @Override
    public Optional<String> get(String key) {
        return Optional.ofNullable(read(key, false).get(key));
    }

    @Override
    public Map<String, String> list(String prefix) {
        return read(prefix, true);
    }

    private Map<String, String> read(String key, boolean recurse) {
        List<Map<String, Object>> entries = call("read " + key, () -> client.get()
                .uri(recurse ? "/v1/kv/{key}?recurse=true" : "/v1/kv/{key}", key)
                .retrieve()
                .onStatus(status -> status.value() == HttpStatus.NOT_FOUND.value(), (request, response) -> { })
                .body(ENTRIES));
        Map<String, String> values = new LinkedHashMap<>();
        if (entries != null) {
            for (Map<String, Object> entry : entries) {
                Object value = entry.get("Value");
                values.put(String.valueOf(entry.get("Key")),
                        value == null ? "" : new String(Base64.getDecoder().decode(value.toString()), StandardCharsets.UTF_8));
            }
        }
        return values;
    }

    @Override
    public void delete(String key) {
        call("delete " + key, () -> client.delete().uri("/v1/kv/{key}", key).retrieve().toBodilessEntity());
    }

    @Override
    public void ping() {
        call("ping", () -> client.get().uri("/v1/status/leader").retrieve().toBodilessEntity());
    }

    @Override
    public String describe() {
        return name;
    }

    private <T> T call(String what, java.util.function.Supplier<T> request) {
        return RegistryCalls.call(name, what, request);
    }
}
