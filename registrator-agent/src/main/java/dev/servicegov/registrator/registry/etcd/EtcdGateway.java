package dev.servicegov.registrator.registry.etcd;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import dev.servicegov.registrator.registry.RegistryCalls;

import org.springframework.core.ParameterizedTypeReference;
import org.springframework.web.client.RestClient;

/**
 * etcd's v3 API through its HTTP/JSON gateway ({@code /v3/...}): keys and values travel base64-encoded, 64-bit
 * numbers as strings. Chosen over the jetcd client, whose gRPC/Vert.x/Netty tree clashes with the Netty version
 * Spring Boot manages and would weigh on the agent's memory.
 */
class EtcdGateway {

    private static final ParameterizedTypeReference<Map<String, Object>> JSON = new ParameterizedTypeReference<>() { };

    private final RestClient client;
    private final String name;

    EtcdGateway(RestClient client, String name) {
        this.client = client;
        this.name = name;
    }

    String name() {
        return name;
    }

    void put(String key, String value, long lease) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("key", encode(key));
        body.put("value", encode(value));
        if (lease != 0) {
            body.put("lease", Long.toString(lease));
        }
        post("write " + key, "/v3/kv/put", body);
    }

    /** Keys from {@code key} up to (excluding) {@code rangeEnd}, or only {@code key} when rangeEnd is null. */
    @SuppressWarnings("unchecked")
    Map<String, String> range(String key, String rangeEnd) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("key", encode(key));
        if (rangeEnd != null) {
            body.put("range_end", encode(rangeEnd));
        }
        Map<String, Object> answer = post("read " + key, "/v3/kv/range", body);
        Map<String, String> values = new LinkedHashMap<>();
        Object kvs = answer.get("kvs");
        if (kvs instanceof List<?> list) {
            for (Object item : list) {
                Map<String, Object> kv = (Map<String, Object>) item;
                values.put(decode(kv.get("key")), decode(kv.get("value")));
            }
        }
        return values;
    }

    void delete(String key) {
        post("delete " + key, "/v3/kv/deleterange", Map.of("key", encode(key)));
    }

    /** A new lease of that many seconds; its id. */
    long grant(long ttlSeconds) {
        Map<String, Object> answer = post("grant a lease", "/v3/lease/grant", Map.of("TTL", Long.toString(ttlSeconds)));
        return Long.parseLong(String.valueOf(answer.get("ID")));
    }

    /** Renews the lease; the seconds it has left, 0 when etcd no longer knows it (expired, or etcd lost it). */
    @SuppressWarnings("unchecked")
    long keepAlive(long lease) {
        Map<String, Object> answer = post("keep lease " + lease + " alive", "/v3/lease/keepalive", Map.of("ID", Long.toString(lease)));
        Object result = answer.get("result");
        Object ttl = result instanceof Map<?, ?> map ? ((Map<String, Object>) map).get("TTL") : null;
        return ttl == null ? 0 : Long.parseLong(ttl.toString());
    }

    void status() {
        post("ping", "/v3/maintenance/status", Map.of());
    }

    private Map<String, Object> post(String what, String path, Map<String, Object> body) {
        Map<String, Object> answer = RegistryCalls.call(name, what,
                () -> client.post().uri(path).body(body).retrieve().body(JSON));
        return answer == null ? Map.of() : answer;
    }

    static String encode(String text) {
        return Base64.getEncoder().encodeToString(text.getBytes(StandardCharsets.UTF_8));
    }

    static String decode(Object base64) {
        return base64 == null ? "" : new String(Base64.getDecoder().decode(base64.toString()), StandardCharsets.UTF_8);
    }

    /** The first key after every key that starts with the prefix (etcd's range_end for a prefix). */
    static String prefixEnd(String prefix) {
        char[] chars = prefix.toCharArray();
        chars[chars.length - 1]++;
        return new String(chars);
    }
}
