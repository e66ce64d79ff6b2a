package dev.servicegov.registrator.it.backends;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import dev.servicegov.testsupport.TestEtcd;

import org.junit.jupiter.api.Test;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.ParameterizedTypeReference;
import org.springframework.web.client.RestClient;
import org.testcontainers.containers.GenericContainer;

/**
 * The behaviour suite on etcd ({@code etcd://}, v3 API, plain {@code ip:port} values), and what only etcd does:
 * the keys live on a lease the agent keeps alive, so a dead agent's services expire, and a lost lease is replaced.
 */
class EtcdBackendIT extends AbstractKvBackendIT {

    static final Duration LEASE_TTL = Duration.ofSeconds(10);
    static final ParameterizedTypeReference<Map<String, Object>> JSON = new ParameterizedTypeReference<>() { };

    @Override
    GenericContainer<?> createBackend() {
        return TestEtcd.create();
    }

    @Override
    String registryUri() {
        return "etcd://127.0.0.1:" + backend.getMappedPort(TestEtcd.CLIENT_PORT) + "/" + PREFIX;
    }

    @Override
    List<String> extraProperties() {
        return List.of("registrator.ttl=" + LEASE_TTL.toSeconds() + "s");
    }

    Map<String, Object> post(String path, Map<String, Object> body) {
        return RestClient.create("http://127.0.0.1:" + backend.getMappedPort(TestEtcd.CLIENT_PORT))
                .post().uri(path).body(body).retrieve().body(JSON);
    }

    static String b64(String text) {
        return Base64.getEncoder().encodeToString(text.getBytes(StandardCharsets.UTF_8));
    }

    @SuppressWarnings("unchecked")
    Optional<Map<String, Object>> entry(String key) {
        Object kvs = post("/v3/kv/range", Map.of("key", b64(key))).get("kvs");
        return kvs instanceof List<?> list && !list.isEmpty() ? Optional.of((Map<String, Object>) list.get(0)) : Optional.empty();
    }

    @Override
    Optional<String> raw(String key) {
        return entry(key).map(kv -> new String(Base64.getDecoder().decode(kv.get("value").toString()), StandardCharsets.UTF_8));
    }

    @Override
    Optional<String> stored(String name, String id) {
        return raw(serviceKey(name, id));
    }

    @Override
    void put(String key, String value) {
        post("/v3/kv/put", Map.of("key", b64(key), "value", b64(value)));
    }

    @Override
    String value(String id, String name, String address, int port) {
        return address + ":" + port;
    }

    @Override
    boolean entriesEndWithTheirAgent() {
        return true;
    }

    @Override
    void removeBehindTheAgentsBack(String name, String id) {
        post("/v3/kv/deleterange", Map.of("key", b64(serviceKey(name, id))));
    }

    @Test
    void aDeadAgentsKeysExpireWithItsLease() {
        ConfigurableApplicationContext agent = startAgent();
        GenericContainer<?> web = startRegistered("be-lease");
        String id = serviceId(web);
        assertThat(entry(serviceKey("be-lease", id)).orElseThrow().get("lease")).as("bound to a lease").isNotNull();

        stopAgent(agent);
        assertThat(stored("be-lease", id)).as("an agent that stops leaves its services").contains(address(web));
        await().atMost(LEASE_TTL.plusSeconds(10)).pollInterval(Duration.ofMillis(500)).untilAsserted(() -> {
            assertThat(stored("be-lease", id)).isEmpty();
            assertThat(entry(ownerKey(id))).isEmpty();
        });
    }

    @Test
    void aLostLeaseIsReplacedAndEverythingWrittenAgain() {
        startAgent();
        GenericContainer<?> web = startRegistered("be-revoked");
        String id = serviceId(web);
        String lease = entry(serviceKey("be-revoked", id)).orElseThrow().get("lease").toString();

        post("/v3/lease/revoke", Map.of("ID", lease));
        await().atMost(Duration.ofSeconds(15)).pollInterval(Duration.ofMillis(200)).untilAsserted(() ->
                assertThat(entry(serviceKey("be-revoked", id))).hasValueSatisfying(kv ->
                        assertThat(kv.get("lease").toString()).isNotEqualTo(lease)));
        assertThat(stored("be-revoked", id)).contains(address(web));
    }
}
