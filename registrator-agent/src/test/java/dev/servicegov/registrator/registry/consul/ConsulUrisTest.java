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

    @SuppressWarnings("unchecked")
    static Map<String, Object> checkOf(CheckDefinition check) {
        var service = new ServiceDefinition("n:c:80", "web", "172.17.0.2", 80, List.of(), Map.of(), check, "id", "c", "image");
        return (Map<String, Object>) ConsulServiceRegistry.payload(service).get("Check");
    }

    @Test
    void everyCheckTypeUsesItsConsulField() {
        assertThat(checkOf(new CheckDefinition("script", "nc -z 1.2.3.4 80", "5s", "1s", "1m", null, null, false, null)))
                .containsEntry("Args", List.of("sh", "-c", "nc -z 1.2.3.4 80")).containsEntry("Interval", "5s").doesNotContainKey("Status");
        assertThat(checkOf(new CheckDefinition("ttl", "30s", null, null, "1m", "passing", null, false, "15s")))
                .containsEntry("TTL", "30s").containsEntry("Status", "passing").doesNotContainKeys("Interval", "Timeout", "TCP");
        assertThat(checkOf(new CheckDefinition("docker", "90s", null, null, "1m", "warning", null, false, "30s")))
                .containsEntry("TTL", "90s").containsEntry("Status", "warning").containsKey("Notes");
        assertThat(checkOf(new CheckDefinition("grpc", "1.2.3.4:80/svc", "2s", "1s", "1m", null, null, true, null)))
                .containsEntry("GRPC", "1.2.3.4:80/svc").containsEntry("TLSSkipVerify", true);
        assertThat(checkOf(new CheckDefinition("http", "https://1.2.3.4:80/h", "2s", "1s", "5m", "critical", "HEAD", true, null)))
                .containsEntry("HTTP", "https://1.2.3.4:80/h").containsEntry("Method", "HEAD").containsEntry("TLSSkipVerify", true)
                .containsEntry("Status", "critical").containsEntry("DeregisterCriticalServiceAfter", "5m");
    }
}
