package dev.servicegov.registrator.registry.consul;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.util.List;
import java.util.Map;

import dev.servicegov.registrator.bridge.CheckDefinition;
import dev.servicegov.registrator.bridge.ServiceDefinition;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ConsulUrisTest {

    @ParameterizedTest
    @CsvSource({"http://consul-agent:8500, http://consul-agent:8500", "consul://consul-agent:8500, http://consul-agent:8500",
            "consul://localhost, http://localhost:8500", "https://c.example:8501/, https://c.example:8501",
            "http://127.0.0.1:32768, http://127.0.0.1:32768"})
    void toHttp(String configured, String expected) {
        assertThat(ConsulUris.toHttp(URI.create(configured))).hasToString(expected);
    }

    @ParameterizedTest
    @CsvSource({"etcd://x:2379", "consul-agent:8500"})
    void refusesOthers(String configured) {
        assertThatThrownBy(() -> ConsulUris.toHttp(URI.create(configured))).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("registrator.consul-uri");
    }

    @Test
    void payloadUsesConsulFieldNames() {
        var service = new ServiceDefinition("n:c:80", "web", "172.17.0.2", 80, List.of("t"), Map.of("k", "v"),
                new CheckDefinition("http", "http://172.17.0.2:80/h", "2s", "1s", "1m"), "id", "c", "image");
        Map<String, Object> payload = ConsulServiceRegistry.payload(service);
        assertThat(payload).containsEntry("ID", "n:c:80").containsEntry("Name", "web").containsEntry("Address", "172.17.0.2")
                .containsEntry("Port", 80).containsEntry("Tags", List.of("t")).containsEntry("Meta", Map.of("k", "v"));
        assertThat((Map<String, Object>) payload.get("Check")).containsEntry("HTTP", "http://172.17.0.2:80/h")
                .containsEntry("Interval", "2s").containsEntry("Timeout", "1s")
                .containsEntry("DeregisterCriticalServiceAfter", "1m").doesNotContainKey("TCP");
    }
}
