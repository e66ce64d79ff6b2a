package dev.servicegov.registrator.bridge;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.InstanceOfAssertFactories.LIST;

import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import dev.servicegov.registrator.bridge.ContainerInfo.PortSpec;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** {@code SERVICE_CHECKS}: more checks a service must pass besides its own (registrator #430), a row per rule. */
class ExtraChecksMappingTest {

    static final PortSpec SERVICE = new PortSpec(8080, "tcp", "0.0.0.0", 32768);

    static MappingResult map(Map<String, String> labels, MappingContext context, PortSpec... ports) {
        return ServiceMapper.map(CheckPortMappingTest.container(labels, ports), context);
    }

    static CheckDefinition probe(String type, String target, String interval) {
        return new CheckDefinition(type, target, interval, "1s", null);
    }

    static Stream<Arguments> extraChecks() {
        return Stream.of(
                Arguments.of("an http path and a tcp check on another port", Map.of("SERVICE_CHECKS",
                        "[{\"http\": \"/health/db\", \"interval\": \"10s\"}, {\"tcp\": true, \"port\": 5005}]"),
                        List.of(probe("http", "http://172.17.0.5:8080/health/db", "10s"), probe("tcp", "172.17.0.5:5005", "2s")), 0),
                Arguments.of("per port, with the keys of the check settings", Map.of("SERVICE_8080_CHECKS",
                        "[{\"HTTP\": \"/ready\", \"http_method\": \"head\", \"initial_status\": \"passing\"}]"),
                        List.of(new CheckDefinition("http", "http://172.17.0.5:8080/ready", "2s", "1s", null, "passing", "HEAD",
                                false, null)), 0),
                Arguments.of("grpc and a script", Map.of("SERVICE_CHECKS",
                        "[{\"grpc\": \"shop.Health\"}, {\"script\": \"nc -z $SERVICE_IP $SERVICE_PORT\", \"timeout\": \"3s\"}]"),
                        List.of(probe("grpc", "172.17.0.5:8080/shop.Health", "2s"),
                                new CheckDefinition("script", "nc -z 172.17.0.5 8080", "2s", "3s", null)), 0),
                Arguments.of("not JSON", Map.of("SERVICE_CHECKS", "http=/db"), List.of(), 1),
                Arguments.of("not an array", Map.of("SERVICE_CHECKS", "{\"http\": \"/db\"}"), List.of(), 1),
                Arguments.of("an element of no kind, one of two kinds, one no object: the others stay", Map.of("SERVICE_CHECKS",
                        "[{\"interval\": \"5s\"}, {\"http\": \"/a\", \"tcp\": true}, \"tcp\", {\"tcp\": \"yes\"}]"),
                        List.of(probe("tcp", "172.17.0.5:8080", "2s")), 3),
                Arguments.of("a bad value in an element: its default", Map.of("SERVICE_CHECKS",
                        "[{\"http\": \"/db\", \"interval\": \"often\"}]"),
                        List.of(probe("http", "http://172.17.0.5:8080/db", "2s")), 1),
                Arguments.of("a key no check has", Map.of("SERVICE_CHECKS", "[{\"http\": \"/db\", \"every\": \"5s\"}]"),
                        List.of(probe("http", "http://172.17.0.5:8080/db", "2s")), 1),
                Arguments.of("a kind whose value does not do: left out, not made another check", Map.of("SERVICE_CHECKS",
                        "[{\"http\": \"db\"}, {\"grpc\": false}, {\"tcp\": \"no\"}, {\"grpc\": \"x\", \"ttl\": \"10s\"}]"),
                        List.of(), 5),
                Arguments.of("deregister after: the service's own check's part", Map.of("SERVICE_CHECKS",
                        "[{\"tcp\": true, \"deregister_after\": \"5m\"}]"), List.of(probe("tcp", "172.17.0.5:8080", "2s")), 1),
                Arguments.of("empty", Map.of("SERVICE_CHECKS", "[]"), List.of(), 0));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("extraChecks")
    void extraChecks(String description, Map<String, String> labels, List<CheckDefinition> expected, int warnings) {
        MappingResult result = map(labels, ServiceMapperTest.CONTEXT, SERVICE);

        assertThat(result.services()).singleElement().satisfies(service -> {
            assertThat(service.extraChecks()).isEqualTo(expected);
            assertThat(service.check()).as("the service's own check as before")
                    .isEqualTo(new CheckDefinition("tcp", "172.17.0.5:8080", "2s", "1s", "1m"));
            assertThat(service.meta()).doesNotContainKey("checks");
        });
        assertThat(result.warnings()).as(String.join("\n", result.warnings())).hasSize(warnings)
                .allSatisfy(warning -> assertThat(warning).contains("container 'web-1'", "label SERVICE_"));
    }

    @Test
    void aWarningNamesTheElementAndItsKey() {
        MappingResult result = map(Map.of("SERVICE_CHECKS", "[{\"tcp\": true}, {\"http\": \"/db\", \"every\": \"5s\"}]"),
                ServiceMapperTest.CONTEXT, SERVICE);

        assertThat(result.warnings()).singleElement().asString().contains("label SERVICE_CHECKS[2].every (value not shown")
                .contains("the check keys are [deregister_after, grpc, ").doesNotContain("5s", "SERVICE_CHECK_HTTP");
    }

    @Test
    void headersGoWithTheirCheckAndNoWarningQuotesTheirValues() {
        MappingResult result = map(Map.of("SERVICE_CHECKS", "[{\"http\": \"/db\", \"header\": {\"Authorization\": \"Bearer s3cret\"}},"
                + " {\"tcp\": true, \"header\": {\"X-Token\": \"s3cret\"}}, {\"http\": \"/x\", \"header\": {\"Bad Name\": \"s3cret\"}}]"),
                ServiceMapperTest.CONTEXT, SERVICE);

        assertThat(result.services().get(0).extraChecks()).extracting(CheckDefinition::headers)
                .containsExactly(Map.of("Authorization", List.of("Bearer s3cret")), Map.of(), Map.of());
        assertThat(result.warnings()).hasSize(2).noneSatisfy(warning -> assertThat(warning).contains("s3cret"));
    }

    @Test
    void aPortTheContainerDoesNotExposeOrAMisspeltKeyQuotesNoCheckEither() {
        MappingResult result = map(Map.of("SERVICE_9090_CHECKS", "[{\"http\": \"/db\", \"header\": {\"Authorization\": \"s3cret\"}}]",
                "SERVICE_CHECKS", "[{\"http\": \"/db\", \"headers\": {\"Authorization\": \"s3cret\"}}]"), ServiceMapperTest.CONTEXT, SERVICE);

        assertThat(result.warnings()).hasSize(2).noneSatisfy(warning -> assertThat(warning).contains("s3cret"));
    }

    @Test
    void notJsonIsNeverQuotedEither() {
        MappingResult result = map(Map.of("SERVICE_CHECKS", "[{\"http\": \"/db\", \"header\": {\"Authorization\": s3cret}}]"),
                ServiceMapperTest.CONTEXT, SERVICE);

        assertThat(result.warnings()).singleElement().asString().doesNotContain("s3cret").contains("is not JSON");
    }

    @Test
    void onAUdpPortOnlyAProbeOfATcpPortIsACheck() {
        MappingResult result = map(Map.of("SERVICE_CHECKS", "[{\"http\": \"/health\"}, {\"http\": \"/health\", \"port\": 8081}]"),
                ServiceMapperTest.CONTEXT, new PortSpec(53, "udp"));

        assertThat(result.services()).singleElement().extracting(ServiceDefinition::extraChecks).asInstanceOf(
                LIST).containsExactly(probe("http", "http://172.17.0.5:8081/health", "2s"));
        assertThat(result.warnings()).anySatisfy(warning -> assertThat(warning)
                .contains("label SERVICE_CHECKS[1] sets http but makes no such check"));
    }

    @Test
    void publishedModeProbesThePublishedPorts() {
        MappingContext published = CheckPortMappingTest.PUBLISHED;
        MappingResult result = map(Map.of("SERVICE_8080_CHECKS", "[{\"http\": \"/db\"}, {\"tcp\": true, \"port\": 8081}]",
                "SERVICE_8081_IGNORE", "true"), published, SERVICE, new PortSpec(8081, "tcp", "0.0.0.0", 32769));

        assertThat(result.services()).singleElement().extracting(ServiceDefinition::extraChecks).asInstanceOf(
                LIST).containsExactly(probe("http", "http://10.0.0.1:32768/db", "2s"),
                probe("tcp", "10.0.0.1:32769", "2s"));
    }
}
