package dev.servicegov.registrator.bridge;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

class ServiceDefinitionTest {

    static final CheckDefinition DOCKER_CHECK = new CheckDefinition("docker", "90s", null, null, "1m", "passing", null, false, "30s");

    static ServiceDefinition web(String address, Map<String, String> meta, CheckDefinition check) {
        return new ServiceDefinition("node1:web-1:8080", "web", address, 8080, List.of("a", "b"), meta, check, "c0ffee", "web-1",
                "label SERVICE_NAME");
    }

    static Map<String, String> meta(String... keysAndValues) {
        Map<String, String> meta = new LinkedHashMap<>();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            meta.put(keysAndValues[i], keysAndValues[i + 1]);
        }
        return meta;
    }

    @Test
    void theFingerprintCoversWhatIsWrittenNotTheTtlStatusMaintenanceOrMetaOrder() {
        ServiceDefinition web = web("172.17.0.2", meta("x", "1", "y", "2"), DOCKER_CHECK);
        assertThat(web.fingerprint()).hasSize(32).isEqualTo(web("172.17.0.2", meta("y", "2", "x", "1"), DOCKER_CHECK).fingerprint())
                .isEqualTo(web("172.17.0.2", meta("x", "1", "y", "2"), DOCKER_CHECK.withStatus("critical")).fingerprint())
                .isEqualTo(web.withMaintenance("container web-1 is paused").fingerprint());

        assertThat(web.fingerprint()).isNotEqualTo(web("172.17.0.3", meta("x", "1", "y", "2"), DOCKER_CHECK).fingerprint())
                .isNotEqualTo(web("172.17.0.2", meta("x", "1", "y", "3"), DOCKER_CHECK).fingerprint())
                .isNotEqualTo(web("172.17.0.2", meta("x", "1", "y", "2"), null).fingerprint())
                .isNotEqualTo(web("172.17.0.2", meta("x", "1", "y", "2"),
                        new CheckDefinition("http", "http://172.17.0.2:8080/", "2s", "1s", "1m")).fingerprint());
    }

    @Test
    void tagsAreCountedOneByOne() {
        ServiceDefinition twoTags = web("172.17.0.2", Map.of(), null);
        ServiceDefinition oneTagWithAComma = new ServiceDefinition(twoTags.id(), twoTags.name(), twoTags.address(), twoTags.port(),
                List.of("a, b"), twoTags.meta(), null, twoTags.containerId(), twoTags.containerName(), twoTags.nameRule());
        assertThat(twoTags.fingerprint()).isNotEqualTo(oneTagWithAComma.fingerprint());
    }

    @Test
    void anInitialStatusOfACheckThatIsNotTtlIsPartOfTheRegistration() {
        CheckDefinition http = new CheckDefinition("http", "http://172.17.0.2:8080/", "2s", "1s", "1m");
        assertThat(web("172.17.0.2", Map.of(), http).fingerprint())
                .isNotEqualTo(web("172.17.0.2", Map.of(), http.withStatus("passing")).fingerprint());
    }

    @Test
    void aChecksHeadersArePartOfTheRegistrationAndLeaveTheFingerprintOfACheckWithoutThemAsItWas() {
        CheckDefinition http = new CheckDefinition("http", "http://172.17.0.2:8080/", "2s", "1s", "1m");
        ServiceDefinition plain = web("172.17.0.2", Map.of(), http);
        assertThat(plain.fingerprint()).isEqualTo(web("172.17.0.2", Map.of(), http.withHeaders(Map.of())).fingerprint())
                .isNotEqualTo(web("172.17.0.2", Map.of(), http.withHeaders(Map.of("X-Check", List.of("a")))).fingerprint());
        assertThat(web("172.17.0.2", Map.of(), http.withHeaders(Map.of("X-Check", List.of("a", "b")))).fingerprint())
                .isNotEqualTo(web("172.17.0.2", Map.of(), http.withHeaders(Map.of("X-Check", List.of("a,b")))).fingerprint());
    }

    @Test
    void tagOverrideIsPartOfTheRegistrationAndLeavesTheFingerprintOfAServiceWithoutItAsItWas() {
        ServiceDefinition plain = web("172.17.0.2", Map.of(), null);
        ServiceDefinition overridable = new ServiceDefinition(plain.id(), plain.name(), plain.address(), plain.port(), plain.tags(),
                plain.meta(), null, plain.containerId(), plain.containerName(), plain.nameRule(), null, null, true);
        assertThat(overridable.fingerprint()).isNotEqualTo(plain.fingerprint());
        assertThat(overridable.sameRegistration(plain)).isFalse();
        assertThat(plain.fingerprint()).as("as before the field existed").isEqualTo(new ServiceDefinition(plain.id(), plain.name(),
                plain.address(), plain.port(), plain.tags(), plain.meta(), null, plain.containerId(), plain.containerName(),
                plain.nameRule(), null, null, false).fingerprint());
    }
}
