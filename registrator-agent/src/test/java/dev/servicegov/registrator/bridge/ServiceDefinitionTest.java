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
    void aChecksHeaderNamesArePartOfTheFingerprintTheirValuesNever() {
        CheckDefinition http = new CheckDefinition("http", "http://172.17.0.2:8080/", "2s", "1s", "1m");
        ServiceDefinition plain = web("172.17.0.2", Map.of(), http);
        ServiceDefinition withSecret = web("172.17.0.2", Map.of(), http.withHeaders(Map.of("Authorization", List.of("Basic c2VjcmV0"))));
        assertThat(plain.fingerprint()).isEqualTo(web("172.17.0.2", Map.of(), http.withHeaders(Map.of())).fingerprint())
                .isNotEqualTo(withSecret.fingerprint());
        assertThat(withSecret.fingerprint()).as("a value changes with its container, whose id is in the meta")
                .isEqualTo(web("172.17.0.2", Map.of(), http.withHeaders(Map.of("Authorization", List.of("Basic b3RoZXI=")))).fingerprint());
        assertThat(withSecret.sameRegistration(web("172.17.0.2", Map.of(), http.withHeaders(Map.of("Authorization", List.of("x"))))))
                .as("while the agent runs, any change is written").isFalse();
    }

    @Test
    void extraChecksArePartOfTheRegistrationAndLeaveTheFingerprintOfAServiceWithoutThemAsItWas() {
        CheckDefinition tcp = new CheckDefinition("tcp", "172.17.0.2:8080", "2s", "1s", "1m");
        CheckDefinition db = new CheckDefinition("http", "http://172.17.0.2:8080/db", "2s", "1s", null);
        ServiceDefinition plain = web("172.17.0.2", Map.of(), tcp);
        assertThat(plain.fingerprint()).isEqualTo(plain.withExtraChecks(List.of()).fingerprint())
                .isNotEqualTo(plain.withExtraChecks(List.of(db)).fingerprint());
        assertThat(plain.withExtraChecks(List.of(db)).fingerprint())
                .isNotEqualTo(plain.withExtraChecks(List.of(db.withStatus("passing"))).fingerprint())
                .isNotEqualTo(plain.withExtraChecks(List.of(db, db)).fingerprint());
        assertThat(plain.withExtraChecks(List.of(db)).sameRegistration(plain)).isFalse();
        assertThat(plain.withExtraChecks(List.of(db)).withMaintenance("paused").extraChecks()).containsExactly(db);
    }

    /**
     * Fingerprints computed by the code of 9c88011, before check headers and tag override existed: a registration
     * without them must keep its fingerprint, or every agent upgrade would write every service again.
     */
    @Test
    void theFingerprintsOfRegistrationsWithoutTheNewerFieldsAreThoseOfEarlierVersions() {
        ServiceDefinition plain = new ServiceDefinition("node1:web-1:8080", "web", "172.17.0.2", 8080, List.of("a", "b"),
                Map.of("registered-by", "registrator-agent", "registrator-node", "node1", "container-id", "c0ffee",
                        "container-name", "web-1", "team", "blue"), null, "c0ffee", "web-1", "label SERVICE_NAME");
        assertThat(plain.fingerprint()).isEqualTo("be6024d90b3e0f1568f07d7fb8f1f9ae");
        assertThat(plain.withCheck(new CheckDefinition("http", "http://172.17.0.2:8080/health", "2s", "1s", "1m", null, "HEAD",
                true, null)).fingerprint()).isEqualTo("55d3580c03a2d62199cc797b45b66929");
        assertThat(plain.withCheck(new CheckDefinition("ttl", "30s", null, null, "1m", "passing", null, false, "15s"))
                .fingerprint()).isEqualTo("87bb06877f5b8d53ac4e0f5a9dadefb3");
        assertThat(plain.withCheck(new CheckDefinition("grpc", "172.17.0.2:9090", "2s", "1s", "1m", null, null, false, null,
                true)).fingerprint()).isEqualTo("fe7689b9324b30de009591caaa1834cc");
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
