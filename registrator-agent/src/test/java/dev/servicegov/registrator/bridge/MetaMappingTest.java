package dev.servicegov.registrator.bridge;

import static dev.servicegov.registrator.bridge.ServiceMapperTest.CONTEXT;
import static dev.servicegov.registrator.bridge.ServiceMapperTest.ID;
import static dev.servicegov.registrator.bridge.ServiceMapperTest.container;
import static dev.servicegov.registrator.bridge.ServiceMapperTest.tcp;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashMap;
import java.util.Map;

import org.junit.jupiter.api.Test;

/** Every other {@code SERVICE_*} key as Consul service meta, within Consul's limits, beside the agent's own keys. */
class MetaMappingTest {

    @Test
    void tagsMetaAndOwnership() {
        ServiceDefinition service = ServiceMapper.map(container("app",
                Map.of("SERVICE_TAGS", " blue, v2,,blue ", "SERVICE_REGION", "eu", "SERVICE_CHECK_HTTP", "/h", "SERVICE_NAME", "x"),
                Map.of("SERVICE_VERSION", "1.2", "PATH", "/bin"), tcp(8080)), CONTEXT).services().get(0);
        assertThat(service.tags()).containsExactly("blue", "v2");
        assertThat(service.meta()).containsOnly(
                Map.entry("region", "eu"), Map.entry("version", "1.2"),
                Map.entry("registered-by", "registrator-agent"), Map.entry("registrator-node", "node1"),
                Map.entry("container-id", ID), Map.entry("container-name", "web-1"));
    }

    @Test
    void userMetaCannotSpoofOwnershipAndBadKeysWarn() {
        MappingResult result = ServiceMapper.map(container("app",
                Map.of("SERVICE_CONTAINER-ID", "fake", "SERVICE_BAD.KEY", "v"), Map.of(), tcp(80)), CONTEXT);
        assertThat(result.services().get(0).meta()).containsEntry("container-id", ID).doesNotContainKey("bad.key");
        assertThat(result.warnings()).hasSize(2);
    }

    @Test
    void whatConsulWouldRefuseTheWholeRegistrationForIsLeftOutWithAWarning() {
        Map<String, String> labels = new HashMap<>(Map.of("SERVICE_CONSUL-VERSION", "1", "SERVICE_NOTE", "x".repeat(513),
                "SERVICE_SHORT", "x".repeat(512)));
        MappingResult result = ServiceMapper.map(container("app", labels, Map.of(), tcp(80)), CONTEXT);

        assertThat(result.services().get(0).meta()).containsKey("short").doesNotContainKeys("consul-version", "note");
        assertThat(result.warnings()).hasSize(2).anySatisfy(warning -> assertThat(warning).contains("not starting with 'consul-'"))
                .anySatisfy(warning -> assertThat(warning).contains("at most 512 characters"));
    }

    @Test
    void atMostSixtyFourPairsTheAgentsOwnIncluded() {
        Map<String, String> labels = new HashMap<>();
        for (int i = 0; i < 62; i++) {
            labels.put("SERVICE_K" + i, "v");
        }
        MappingResult result = ServiceMapper.map(container("app", labels, Map.of(), tcp(80)), CONTEXT);

        assertThat(result.services().get(0).meta()).hasSizeLessThanOrEqualTo(64 - 1);
        assertThat(result.warnings()).hasSize(3).allSatisfy(warning -> assertThat(warning).contains("at most 59 meta keys"));
    }
}
