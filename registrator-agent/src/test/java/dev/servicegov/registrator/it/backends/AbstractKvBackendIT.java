package dev.servicegov.registrator.it.backends;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.Map;
import java.util.Optional;

import org.junit.jupiter.api.Test;
import org.springframework.boot.json.JsonParserFactory;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.containers.GenericContainer;

/** What the key-value backends share beyond the suite: the owner records and maintenance by removing the key. */
abstract class AbstractKvBackendIT extends AbstractRegistryBackendIT {

    static final String PREFIX = "services";

    /** The raw value of the key, or empty. */
    abstract Optional<String> raw(String key);

    abstract void put(String key, String value);

    static String serviceKey(String name, String id) {
        return PREFIX + "/" + name + "/" + id;
    }

    static String ownerKey(String id) {
        return "registrator-agent/owners/" + PREFIX + "/" + id;
    }

    /** The value an agent writes for the service (the backend's kv-format). */
    abstract String value(String id, String name, String address, int port);

    static String quote(String text) {
        return "\"" + text.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
    }

    @Override
    void seedOwned(String ownerNode, String name, String id, String address, int port) {
        String value = value(id, name, address, port);
        put(ownerKey(id), "{\"id\":" + quote(id) + ",\"node\":" + quote(ownerNode) + ",\"key\":" + quote(serviceKey(name, id))
                + ",\"value\":" + quote(value) + ",\"maintenance\":false}");
        put(serviceKey(name, id), value);
    }

    @Override
    void seedForeign(String name, String id, String address, int port) {
        put(serviceKey(name, id), value(id, name, address, port));
    }

    @Override
    boolean inMaintenance(String id) {
        return Boolean.TRUE.equals(ownerRecord(id).get("maintenance"));
    }

    Map<String, Object> ownerRecord(String id) {
        return JsonParserFactory.getJsonParser().parseMap(raw(ownerKey(id)).orElseThrow());
    }

    @Test
    void aPausedContainersKeyIsRemovedAndWrittenBackWhenItIsUnpaused() {
        startAgent();
        GenericContainer<?> web = startRegistered("be-paused");
        String id = serviceId(web);
        var docker = DockerClientFactory.instance().client();
        docker.pauseContainerCmd(web.getContainerId()).exec();
        await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(200)).untilAsserted(() -> {
            assertThat(stored("be-paused", id)).isEmpty();
            assertThat(ownerRecord(id)).containsEntry("maintenance", true).containsEntry("node", node);
        });
        docker.unpauseContainerCmd(web.getContainerId()).exec();
        awaitStored("be-paused", id, address(web));
        assertThat(ownerRecord(id)).containsEntry("maintenance", false);
    }
}
