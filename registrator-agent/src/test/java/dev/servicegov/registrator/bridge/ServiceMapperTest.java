package dev.servicegov.registrator.bridge;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import dev.servicegov.registrator.bridge.ContainerInfo.PortSpec;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;

class ServiceMapperTest {

    static final MappingContext CONTEXT = new MappingContext("node1", null, "2s", "1s", "1m", null);
    static final String ID = "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef";

    static ContainerInfo container(String image, Map<String, String> labels, Map<String, String> env, PortSpec... ports) {
        return new ContainerInfo(ID, "web-1", image, labels, env, Map.of("bridge", "172.17.0.5"), List.of(ports));
    }

    static PortSpec tcp(int port) {
        return new PortSpec(port, "tcp");
    }

    static Stream<Arguments> names() {
        return Stream.of(
                Arguments.of("label wins over env", Map.of("SERVICE_NAME", "fromlabel"), Map.of("SERVICE_NAME", "fromenv"), "fromlabel", "label SERVICE_NAME"),
                Arguments.of("env when no label", Map.of(), Map.of("SERVICE_NAME", "fromenv"), "fromenv", "env SERVICE_NAME"),
                Arguments.of("env beats compose label", Map.of("com.docker.compose.service", "svc"), Map.of("SERVICE_NAME", "fromenv"), "fromenv", "env SERVICE_NAME"),
                Arguments.of("compose label beats image", Map.of("com.docker.compose.service", "svc"), Map.of(), "svc", "label com.docker.compose.service"),
                Arguments.of("per-port env beats general label", Map.of("SERVICE_NAME", "general"), Map.of("SERVICE_8080_NAME", "special"), "special", "env SERVICE_8080_NAME"),
                Arguments.of("per-port label beats per-port env", Map.of("SERVICE_8080_NAME", "l"), Map.of("SERVICE_8080_NAME", "e"), "l", "label SERVICE_8080_NAME"),
                Arguments.of("other port's override ignored", Map.of("SERVICE_9090_NAME", "other"), Map.of(), "app", "image"),
                Arguments.of("blank name falls through", Map.of("SERVICE_NAME", " "), Map.of(), "app", "image"),
                Arguments.of("image fallback", Map.of(), Map.of(), "app", "image"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("names")
    void nameRules(String description, Map<String, String> labels, Map<String, String> env, String name, String rule) {
        MappingResult result = ServiceMapper.map(container("registry.example.com:5000/team/app:1.2", labels, env, tcp(8080)), CONTEXT);
        assertThat(result.services()).singleElement().satisfies(service -> {
            assertThat(service.name()).isEqualTo(name);
            assertThat(service.nameRule()).isEqualTo(rule);
        });
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({"my_api, label com.docker.compose.service", "api.v2, label com.docker.compose.service", "my api, label com.docker.compose.service",
            "a-name-of-sixty-four-characters-which-no-dns-label-can-hold-wxyz, label com.docker.compose.service"})
    void aNameConsulsDnsCannotResolveIsRegisteredWithAWarning(String name, String rule) {
        MappingResult result = ServiceMapper.map(container("app", Map.of("com.docker.compose.service", name), Map.of(), tcp(80)),
                CONTEXT);

        assertThat(result.services()).singleElement().extracting(ServiceDefinition::name).isEqualTo(name);
        assertThat(result.warnings()).singleElement().asString().contains("'web-1'", "service name '" + name + "' (from " + rule
                + ")", "DNS interface cannot resolve it", "SERVICE_NAME");
    }

    @Test
    void aNameOfLettersDigitsAndDashesGivesNoWarning() {
        assertThat(ServiceMapper.map(container("app", Map.of("SERVICE_NAME", "Service-Web-2"), Map.of(), tcp(80), tcp(81)),
                CONTEXT).warnings()).isEmpty();
        assertThat(ServiceMapper.map(container("app", Map.of("SERVICE_NAME", "x".repeat(63)), Map.of(), tcp(80)), CONTEXT)
                .warnings()).as("63 characters fit a DNS label").isEmpty();
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource({
            "nginx, nginx",
            "nginx:1.25, nginx",
            "library/nginx:latest, nginx",
            "registry.example.com:5000/team/app:1.2, app",
            "localhost:5000/app, app",
            "images.example.org/org/app@sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef, app",
            "images.example.org/org/app:1.0@sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef, app",
            "local/jre:25, jre",
    })
    void imageBaseName(String image, String expected) {
        assertThat(ImageNames.baseName(image)).isEqualTo(expected);
        assertThat(ServiceMapper.map(container(image, Map.of(), Map.of(), tcp(80)), CONTEXT).services())
                .singleElement().extracting(ServiceDefinition::name).isEqualTo(expected);
    }

    @ParameterizedTest
    @CsvSource({"sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef", "0123456789ab"})
    void imageIdNeverGivesSha256(String image) {
        ServiceDefinition service = ServiceMapper.map(container(image, Map.of(), Map.of(), tcp(80)), CONTEXT).services().get(0);
        assertThat(service.name()).isEqualTo("web-1").doesNotContain("sha256");
        assertThat(service.nameRule()).isEqualTo("container name");
    }

    @Test
    void severalPortsGetPortSuffixUnlessPerPortName() {
        MappingResult result = ServiceMapper.map(container("app", Map.of("SERVICE_NAME", "shop", "SERVICE_9090_NAME", "shop-admin"),
                Map.of(), tcp(9090), tcp(8080), new PortSpec(53, "udp")), CONTEXT);
        assertThat(result.services()).extracting(ServiceDefinition::id, ServiceDefinition::name, ServiceDefinition::port)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple("node1:web-1:53:udp", "shop-53", 53),
                        org.assertj.core.groups.Tuple.tuple("node1:web-1:8080", "shop-8080", 8080),
                        org.assertj.core.groups.Tuple.tuple("node1:web-1:9090", "shop-admin", 9090));
        assertThat(result.services().get(0).check()).as("udp: a TTL check the agent keeps passing, so it can expire")
                .isEqualTo(new CheckDefinition("ttl", "90s", null, null, "1m", "passing", null, false, "30s"));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({
            "label ignore,    SERVICE_IGNORE, true,  ",
            "env ignore,      ,               ,      SERVICE_IGNORE",
            "label 1,         SERVICE_IGNORE, 1,     ",
            "per-port ignore, SERVICE_80_IGNORE, true, ",
    })
    void ignored(String description, String labelKey, String labelValue, String envKey) {
        Map<String, String> labels = labelKey == null ? Map.of() : Map.of(labelKey, labelValue);
        Map<String, String> env = envKey == null ? Map.of() : Map.of(envKey, "true");
        assertThat(ServiceMapper.map(container("app", labels, env, tcp(80)), CONTEXT).services()).isEmpty();
    }

    @Test
    void perPortIgnoreKeepsOtherPorts() {
        assertThat(ServiceMapper.map(container("app", Map.of("SERVICE_80_IGNORE", "true"), Map.of(), tcp(80), tcp(443)), CONTEXT)
                .services()).extracting(ServiceDefinition::name).containsExactly("app-443");
    }

    @Test
    void anIgnoreValueThatIsNeitherTrueNorFalseIgnoresAsRegistratorDidWithAWarning() {
        MappingResult result = ServiceMapper.map(container("app", Map.of("SERVICE_IGNORE", "maybe"), Map.of(), tcp(80), tcp(443)),
                CONTEXT);

        assertThat(result.services()).isEmpty();
        assertThat(result.warnings()).singleElement().asString().contains("SERVICE_IGNORE").contains("maybe")
                .contains("expected true or false");
    }

    @Test
    void ignoreFalseDoesNotIgnore() {
        assertThat(ServiceMapper.map(container("app", Map.of("SERVICE_IGNORE", "false"), Map.of(), tcp(80)), CONTEXT).services()).hasSize(1);
    }

    @Test
    void ownContainerIsSkipped() {
        MappingContext self = new MappingContext("node1", null, "2s", "1s", "1m", ID.substring(0, 12));
        assertThat(ServiceMapper.map(container("app", Map.of(), Map.of(), tcp(80)), self).services()).isEmpty();
    }

    @Test
    void noPortsNoServices() {
        assertThat(ServiceMapper.map(container("app", Map.of("SERVICE_NAME", "x"), Map.of()), CONTEXT).services()).isEmpty();
    }

    @Test
    void noAddressWarnsAndRegistersNothing() {
        ContainerInfo noNetwork = new ContainerInfo(ID, "h", "app", Map.of(), Map.of(), Map.of(), List.of(tcp(80)), "none",
                false, null);
        MappingResult result = ServiceMapper.map(noNetwork, CONTEXT);
        assertThat(result.services()).isEmpty();
        assertThat(result.warnings()).singleElement().asString().contains("'h'", "no IP address", "network mode 'none'");
    }

    @ParameterizedTest(name = "preferred={0} -> {1}")
    @CsvSource(nullValues = "null", value = {"null, 10.0.1.2", "zeta, 10.0.9.9", "missing, 10.0.1.2", "alpha, 10.0.1.2"})
    void addressFromPreferredElseFirstSortedNetwork(String preferred, String expected) {
        ContainerInfo multi = new ContainerInfo(ID, "m", "app", Map.of(), Map.of(),
                Map.of("zeta", "10.0.9.9", "alpha", "10.0.1.2", "middle", "10.0.5.5"), List.of(tcp(80)));
        MappingContext context = new MappingContext("node1", preferred, "2s", "1s", "1m", null);
        assertThat(ServiceMapper.map(multi, context).services().get(0).address()).isEqualTo(expected);
    }

    static Stream<Arguments> checks() {
        return Stream.of(
                Arguments.of("tcp default", Map.of(), new CheckDefinition("tcp", "172.17.0.5:8080", "2s", "1s", "1m"), 0),
                Arguments.of("http path", Map.of("SERVICE_CHECK_HTTP", "/actuator/health"),
                        new CheckDefinition("http", "http://172.17.0.5:8080/actuator/health", "2s", "1s", "1m"), 0),
                Arguments.of("interval and timeout", Map.of("SERVICE_CHECK_INTERVAL", "5s", "SERVICE_CHECK_TIMEOUT", "500ms"),
                        new CheckDefinition("tcp", "172.17.0.5:8080", "5s", "500ms", "1m"), 0),
                Arguments.of("per-port interval", Map.of("SERVICE_CHECK_INTERVAL", "5s", "SERVICE_8080_CHECK_INTERVAL", "1m30s"),
                        new CheckDefinition("tcp", "172.17.0.5:8080", "1m30s", "1s", "1m"), 0),
                Arguments.of("bad interval", Map.of("SERVICE_CHECK_INTERVAL", "banana"),
                        new CheckDefinition("tcp", "172.17.0.5:8080", "2s", "1s", "1m"), 1),
                Arguments.of("zero interval", Map.of("SERVICE_CHECK_INTERVAL", "0s"),
                        new CheckDefinition("tcp", "172.17.0.5:8080", "2s", "1s", "1m"), 1),
                Arguments.of("bad timeout and interval", Map.of("SERVICE_CHECK_INTERVAL", "10", "SERVICE_CHECK_TIMEOUT", "fast"),
                        new CheckDefinition("tcp", "172.17.0.5:8080", "2s", "1s", "1m"), 2),
                Arguments.of("http path without slash", Map.of("SERVICE_CHECK_HTTP", "health"),
                        new CheckDefinition("tcp", "172.17.0.5:8080", "2s", "1s", "1m"), 1),
                Arguments.of("tcp forced over the default", Map.of("SERVICE_CHECK_TCP", "true", "SERVICE_CHECK_HTTP", "health"),
                        new CheckDefinition("tcp", "172.17.0.5:8080", "2s", "1s", "1m"), 1),
                Arguments.of("tcp not a yes or no", Map.of("SERVICE_CHECK_HTTP", "/h", "SERVICE_CHECK_TCP", "banana"),
                        new CheckDefinition("http", "http://172.17.0.5:8080/h", "2s", "1s", "1m"), 1),
                Arguments.of("skip verify not a yes or no", Map.of("SERVICE_CHECK_HTTPS", "/h", "SERVICE_CHECK_TLS_SKIP_VERIFY",
                        "banana"), new CheckDefinition("http", "https://172.17.0.5:8080/h", "2s", "1s", "1m"), 1),
                Arguments.of("grpc false is no grpc check", Map.of("SERVICE_CHECK_GRPC", "false"),
                        new CheckDefinition("tcp", "172.17.0.5:8080", "2s", "1s", "1m"), 0),
                Arguments.of("grpc over tls", Map.of("SERVICE_CHECK_GRPC", "true", "SERVICE_CHECK_GRPC_USE_TLS", "true",
                        "SERVICE_CHECK_TLS_SKIP_VERIFY", "yes"), new CheckDefinition("grpc", "172.17.0.5:8080", "2s", "1s", "1m",
                        null, null, true, null, true), 0),
                Arguments.of("grpc tls not a yes or no", Map.of("SERVICE_CHECK_GRPC", "health.v1", "SERVICE_CHECK_GRPC_USE_TLS",
                        "sure"), new CheckDefinition("grpc", "172.17.0.5:8080/health.v1", "2s", "1s", "1m"), 1));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("checks")
    void checks(String description, Map<String, String> labels, CheckDefinition expected, int warnings) {
        MappingResult result = ServiceMapper.map(container("app", labels, Map.of(), tcp(8080)), CONTEXT);
        assertThat(result.services()).singleElement().extracting(ServiceDefinition::check).isEqualTo(expected);
        assertThat(result.warnings()).hasSize(warnings);
    }

    static Stream<Arguments> ids() {
        return Stream.of(
                Arguments.of("none: node, container, port", Map.of(), List.of(tcp(8080)), List.of("node1:web-1:8080"), 0),
                Arguments.of("SERVICE_ID", Map.of("SERVICE_ID", "shop-1"), List.of(tcp(8080)), List.of("shop-1"), 0),
                Arguments.of("SERVICE_ID on several ports: -<port>", Map.of("SERVICE_ID", "shop"), List.of(tcp(8080), tcp(9090)),
                        List.of("shop-8080", "shop-9090"), 0),
                Arguments.of("per-port id as given", Map.of("SERVICE_ID", "shop", "SERVICE_9090_ID", "admin"),
                        List.of(tcp(8080), tcp(9090)), List.of("shop-8080", "admin"), 0),
                Arguments.of("udp keeps :udp with SERVICE_ID", Map.of("SERVICE_ID", "dns"), List.of(new PortSpec(53, "udp")),
                        List.of("dns:udp"), 0),
                Arguments.of("an id a URL path would split: warned, default", Map.of("SERVICE_ID", "a/b"), List.of(tcp(8080)),
                        List.of("node1:web-1:8080"), 1),
                Arguments.of("blank: default", Map.of("SERVICE_ID", " "), List.of(tcp(8080)), List.of("node1:web-1:8080"), 0),
                Arguments.of("two ports given one id: the first keeps it, warned", Map.of("SERVICE_8080_ID", "x",
                        "SERVICE_9090_ID", "x"), List.of(tcp(8080), tcp(9090)), List.of("x"), 1),
                Arguments.of("an id that is another port's default: warned, never thrown", Map.of("SERVICE_8080_ID",
                        "node1:web-1:9090"), List.of(tcp(8080), tcp(9090)), List.of("node1:web-1:9090"), 1));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("ids")
    void idRules(String description, Map<String, String> labels, List<PortSpec> ports, List<String> ids, int warnings) {
        MappingResult result = ServiceMapper.map(container("app", labels, Map.of(), ports.toArray(PortSpec[]::new)), CONTEXT);
        assertThat(result.services()).extracting(ServiceDefinition::id).containsExactlyElementsOf(ids);
        assertThat(result.warnings()).hasSize(warnings);
    }

    @Test
    void udpPortsAreTaggedUdpAfterTheirOwnTags() {
        MappingResult result = ServiceMapper.map(container("dns", Map.of("SERVICE_TAGS", "primary", "SERVICE_ID", "ns1"),
                Map.of(), new PortSpec(53, "udp"), tcp(53)), CONTEXT);
        assertThat(result.services()).extracting(ServiceDefinition::id, ServiceDefinition::tags).containsExactly(
                org.assertj.core.groups.Tuple.tuple("ns1-53", List.of("primary")),
                org.assertj.core.groups.Tuple.tuple("ns1-53:udp", List.of("primary", "udp")));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "no port number     | SERVICE_99999_NAME | a port number from 1 to 65535",
            "port zero          | SERVICE_0_NAME     | a port number from 1 to 65535",
            "a leading zero     | SERVICE_08080_NAME | a port number from 1 to 65535 (no leading zero)",
            "a port not exposed | SERVICE_8081_NAME  | a port the container exposes ([8080])"})
    void perPortSettingForNoExposedPortIsAWarning(String description, String key, String expected) {
        MappingResult result = ServiceMapper.map(container("app", Map.of(key, "shop"), Map.of(), tcp(8080)), CONTEXT);
        assertThat(result.services()).singleElement().extracting(ServiceDefinition::name).isEqualTo("app");
        assertThat(result.warnings()).singleElement().asString().contains("web-1", key, "'shop'", expected, "ignoring it");
    }

    @Test
    void aContainerWideSettingIsWarnedOnceForAllItsPorts() {
        MappingResult result = ServiceMapper.map(container("app", Map.of("SERVICE_CHECK_INTERVAL", "banana"), Map.of(),
                tcp(8080), tcp(9090)), CONTEXT);
        assertThat(result.services()).hasSize(2);
        assertThat(result.warnings()).singleElement().asString().contains("SERVICE_CHECK_INTERVAL");
    }

    @Test
    void badIntervalWarningNamesContainerKeyValueAndExpectedForm() {
        MappingResult result = ServiceMapper.map(container("app", Map.of("SERVICE_CHECK_INTERVAL", "banana", "SERVICE_NAME", "shop"),
                Map.of(), tcp(8080)), CONTEXT);
        assertThat(result.services()).singleElement().extracting(ServiceDefinition::name).isEqualTo("shop");
        assertThat(result.warnings()).singleElement().asString()
                .contains("web-1", "SERVICE_CHECK_INTERVAL", "banana", "10s", "using 2s");
    }

    @Test
    void idsAreStableAndPerProtocol() {
        MappingResult result = ServiceMapper.map(container("app", Map.of(), Map.of(), tcp(53), new PortSpec(53, "udp")), CONTEXT);
        assertThat(result.services()).extracting(ServiceDefinition::id).containsExactly("node1:web-1:53", "node1:web-1:53:udp");
        assertThat(ServiceMapper.map(container("app", Map.of(), Map.of(), tcp(53), new PortSpec(53, "udp")), CONTEXT))
                .isEqualTo(result);
    }
}
