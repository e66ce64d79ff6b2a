package dev.servicegov.registrator.bridge;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import dev.servicegov.registrator.bridge.ContainerInfo.PortSpec;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** {@code SERVICE_CHECK_PORT}: the check probes another port of the container (registrator #524), a row per rule. */
class CheckPortMappingTest {

    static final MappingContext INTERNAL = ServiceMapperTest.CONTEXT;
    static final MappingContext PUBLISHED = CheckAndOptionMappingTest.context(false, "10.0.0.1", false, List.of(), null, null);

    static ContainerInfo container(Map<String, String> labels, PortSpec... ports) {
        return new ContainerInfo(ServiceMapperTest.ID, "web-1", "app", labels, Map.of(), Map.of("bridge", "172.17.0.5"),
                List.of(ports), "bridge", false, null);
    }

    static Stream<Arguments> checkPorts() {
        PortSpec service = new PortSpec(8080, "tcp", "0.0.0.0", 32768);
        PortSpec management = new PortSpec(8081, "tcp", "0.0.0.0", 32769);
        return Stream.of(
                Arguments.of("http on another port, not even exposed", INTERNAL,
                        container(Map.of("SERVICE_CHECK_HTTP", "/actuator/health", "SERVICE_CHECK_PORT", "8081"), service),
                        "http", "http://172.17.0.5:8081/actuator/health", 0),
                Arguments.of("the default tcp check on it", INTERNAL, container(Map.of("SERVICE_CHECK_PORT", "8081"), service),
                        "tcp", "172.17.0.5:8081", 0),
                Arguments.of("per port", INTERNAL, container(Map.of("SERVICE_8080_CHECK_PORT", "8081", "SERVICE_8081_IGNORE", "true"),
                        service, management), "tcp", "172.17.0.5:8081", 0),
                Arguments.of("published: its published port", PUBLISHED,
                        container(Map.of("SERVICE_8080_CHECK_HTTP", "/health", "SERVICE_8080_CHECK_PORT", "8081",
                                "SERVICE_8081_IGNORE", "true"), service, management), "http", "http://10.0.0.1:32769/health", 0),
                Arguments.of("published, it is not: the service's port", PUBLISHED,
                        container(Map.of("SERVICE_CHECK_PORT", "8081"), service), "tcp", "10.0.0.1:32768", 1),
                Arguments.of("not a port number", INTERNAL, container(Map.of("SERVICE_CHECK_PORT", "http"), service),
                        "tcp", "172.17.0.5:8080", 1),
                Arguments.of("above 65535", INTERNAL, container(Map.of("SERVICE_CHECK_PORT", "70000"), service),
                        "tcp", "172.17.0.5:8080", 1));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("checkPorts")
    void theCheckProbesTheCheckPort(String description, MappingContext context, ContainerInfo container, String type,
            String target, int warnings) {
        MappingResult result = ServiceMapper.map(container, context);
        assertThat(result.services()).singleElement().satisfies(service -> {
            assertThat(service.port()).as("the service keeps its own port").isIn(8080, 32768);
            assertThat(service.check().type()).isEqualTo(type);
            assertThat(service.check().target()).isEqualTo(target);
        });
        assertThat(result.warnings()).hasSize(warnings);
        assertThat(result.warnings()).allSatisfy(warning -> assertThat(warning).contains("SERVICE_CHECK_PORT", "checking the service's own port"));
    }

    @Test
    void onACheckThatProbesNoPortTheCheckPortIsAWarning() {
        MappingResult result = ServiceMapper.map(container(Map.of("SERVICE_CHECK_TTL", "30s", "SERVICE_CHECK_PORT", "8081"),
                new PortSpec(8080, "tcp")), INTERNAL);
        assertThat(result.services()).singleElement().satisfies(service -> assertThat(service.check().type()).isEqualTo("ttl"));
        assertThat(result.warnings()).singleElement().satisfies(warning -> assertThat(warning)
                .contains("label SERVICE_CHECK_PORT is set, but a ttl check probes no port; ignoring it"));
    }

    @Test
    void aUdpServiceGetsANetworkCheckOnItsTcpCheckPort() {
        ServiceDefinition dns = CheckAndOptionMappingTest.only(container(Map.of("SERVICE_CHECK_HTTP", "/health",
                "SERVICE_CHECK_PORT", "8080"), new PortSpec(53, "udp")), INTERNAL);
        assertThat(dns.tags()).contains("udp");
        assertThat(dns.check().type()).isEqualTo("http");
        assertThat(dns.check().target()).isEqualTo("http://172.17.0.5:8080/health");
    }
}
