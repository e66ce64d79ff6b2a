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

/** The check keys, tags and meta rules, and the registrator-style options: a row per rule. */
class CheckAndOptionMappingTest {

    static final String ID = ServiceMapperTest.ID;
    static final MappingContext CONTEXT = ServiceMapperTest.CONTEXT;

    static MappingContext context(boolean internal, String hostIp, boolean explicit, List<String> tags, String ipLabel, String ttl) {
        return new MappingContext("node1", null, "2s", "1s", "1m", null, internal, hostIp, explicit, tags, ipLabel, ttl, null,
                "90s", "30s");
    }

    static ServiceDefinition only(ContainerInfo container, MappingContext context) {
        MappingResult result = ServiceMapper.map(container, context);
        assertThat(result.services()).hasSize(1);
        return result.services().get(0);
    }

    static CheckDefinition check(String type, String target, String interval, String timeout, String deregister, String status,
            String method, boolean skip, String refresh) {
        return new CheckDefinition(type, target, interval, timeout, deregister, status, method, skip, refresh);
    }

    static Stream<Arguments> checkKeys() {
        return Stream.of(
                Arguments.of("https path", Map.of("SERVICE_CHECK_HTTPS", "/h"),
                        check("http", "https://172.17.0.5:8080/h", "2s", "1s", "1m", null, null, false, null), 0),
                Arguments.of("http method and tls skip verify", Map.of("SERVICE_CHECK_HTTP", "/h", "SERVICE_CHECK_HTTP_METHOD", "head",
                        "SERVICE_CHECK_TLS_SKIP_VERIFY", "true"), check("http", "http://172.17.0.5:8080/h", "2s", "1s", "1m", null, "HEAD", true, null), 0),
                Arguments.of("bad http method", Map.of("SERVICE_CHECK_HTTP", "/h", "SERVICE_CHECK_HTTP_METHOD", "GE T"),
                        check("http", "http://172.17.0.5:8080/h", "2s", "1s", "1m", null, null, false, null), 1),
                Arguments.of("https method (registrator's key)", Map.of("SERVICE_CHECK_HTTPS", "/h", "SERVICE_CHECK_HTTPS_METHOD", "head",
                        "SERVICE_CHECK_HTTP_METHOD", "post"), check("http", "https://172.17.0.5:8080/h", "2s", "1s", "1m", null, "HEAD", false, null), 0),
                Arguments.of("https without its own method takes the http one", Map.of("SERVICE_CHECK_HTTPS", "/h",
                        "SERVICE_CHECK_HTTP_METHOD", "head"), check("http", "https://172.17.0.5:8080/h", "2s", "1s", "1m", null, "HEAD", false, null), 0),
                Arguments.of("https method on an http check: not used", Map.of("SERVICE_CHECK_HTTP", "/h", "SERVICE_CHECK_HTTPS_METHOD", "head"),
                        check("http", "http://172.17.0.5:8080/h", "2s", "1s", "1m", null, null, false, null), 1),
                Arguments.of("headers: a value or a list", Map.of("SERVICE_CHECK_HTTP", "/h",
                        "SERVICE_CHECK_HEADER", "{\"X-Check\": \"consul\", \"Accept\": [\"text/plain\", \"application/json\"]}"),
                        check("http", "http://172.17.0.5:8080/h", "2s", "1s", "1m", null, null, false, null).withHeaders(
                                Map.of("X-Check", List.of("consul"), "Accept", List.of("text/plain", "application/json"))), 0),
                Arguments.of("headers not json", Map.of("SERVICE_CHECK_HTTP", "/h", "SERVICE_CHECK_HEADER", "X-Check: consul"),
                        check("http", "http://172.17.0.5:8080/h", "2s", "1s", "1m", null, null, false, null), 1),
                Arguments.of("headers not an object", Map.of("SERVICE_CHECK_HTTP", "/h", "SERVICE_CHECK_HEADER", "[\"X-Check\"]"),
                        check("http", "http://172.17.0.5:8080/h", "2s", "1s", "1m", null, null, false, null), 1),
                Arguments.of("header name not a token", Map.of("SERVICE_CHECK_HTTP", "/h", "SERVICE_CHECK_HEADER", "{\"X Check\": \"a\"}"),
                        check("http", "http://172.17.0.5:8080/h", "2s", "1s", "1m", null, null, false, null), 1),
                Arguments.of("header value a number", Map.of("SERVICE_CHECK_HTTP", "/h", "SERVICE_CHECK_HEADER", "{\"X-Check\": 1}"),
                        check("http", "http://172.17.0.5:8080/h", "2s", "1s", "1m", null, null, false, null), 1),
                Arguments.of("header value with a line break", Map.of("SERVICE_CHECK_HTTP", "/h", "SERVICE_CHECK_HEADER",
                        "{\"X-Check\": \"a\\r\\nX-Other: b\"}"), check("http", "http://172.17.0.5:8080/h", "2s", "1s", "1m", null, null, false, null), 1),
                Arguments.of("headers on a tcp check: ignored", Map.of("SERVICE_CHECK_TCP", "true", "SERVICE_CHECK_HEADER", "{\"X-Check\": \"a\"}"),
                        check("tcp", "172.17.0.5:8080", "2s", "1s", "1m", null, null, false, null), 1),
                Arguments.of("per-port http path wins", Map.of("SERVICE_CHECK_HTTP", "/a", "SERVICE_8080_CHECK_HTTP", "/b"),
                        check("http", "http://172.17.0.5:8080/b", "2s", "1s", "1m", null, null, false, null), 0),
                Arguments.of("ttl, not heartbeated", Map.of("SERVICE_CHECK_TTL", "30s"),
                        check("ttl", "30s", null, null, "1m", null, null, false, null), 0),
                Arguments.of("ttl refresh true: half the ttl", Map.of("SERVICE_CHECK_TTL", "30s", "SERVICE_CHECK_TTL_REFRESH", "true"),
                        check("ttl", "30s", null, null, "1m", "passing", null, false, "15s"), 0),
                Arguments.of("ttl refresh duration", Map.of("SERVICE_CHECK_TTL", "30s", "SERVICE_CHECK_TTL_REFRESH", "10s"),
                        check("ttl", "30s", null, null, "1m", "passing", null, false, "10s"), 0),
                Arguments.of("ttl refresh false, initial status kept", Map.of("SERVICE_CHECK_TTL", "30s", "SERVICE_CHECK_TTL_REFRESH", "false",
                        "SERVICE_CHECK_INITIAL_STATUS", "critical"), check("ttl", "30s", null, null, "1m", "critical", null, false, null), 0),
                Arguments.of("bad ttl refresh: half the ttl", Map.of("SERVICE_CHECK_TTL", "1m", "SERVICE_CHECK_TTL_REFRESH", "often"),
                        check("ttl", "1m", null, null, "1m", "passing", null, false, "30s"), 1),
                Arguments.of("ttl refresh not shorter than the ttl: half the ttl", Map.of("SERVICE_CHECK_TTL", "10s",
                        "SERVICE_CHECK_TTL_REFRESH", "10s"), check("ttl", "10s", null, null, "1m", "passing", null, false, "5s"), 1),
                Arguments.of("ttl refresh under a second: every second", Map.of("SERVICE_CHECK_TTL", "10s",
                        "SERVICE_CHECK_TTL_REFRESH", "1ns"), check("ttl", "10s", null, null, "1m", "passing", null, false, "1s"), 1),
                Arguments.of("bad ttl falls back to tcp", Map.of("SERVICE_CHECK_TTL", "soon"),
                        check("tcp", "172.17.0.5:8080", "2s", "1s", "1m", null, null, false, null), 1),
                Arguments.of("script with SERVICE_IP and SERVICE_PORT", Map.of("SERVICE_CHECK_SCRIPT", "nc -z $SERVICE_IP $SERVICE_PORT",
                        "SERVICE_CHECK_INTERVAL", "10s"), check("script", "nc -z 172.17.0.5 8080", "10s", "1s", "1m", null, null, false, null), 0),
                Arguments.of("grpc true", Map.of("SERVICE_CHECK_GRPC", "true"),
                        check("grpc", "172.17.0.5:8080", "2s", "1s", "1m", null, null, false, null), 0),
                Arguments.of("grpc with service name", Map.of("SERVICE_CHECK_GRPC", "shop.Health", "SERVICE_CHECK_TLS_SKIP_VERIFY", "1"),
                        check("grpc", "172.17.0.5:8080/shop.Health", "2s", "1s", "1m", null, null, true, null), 0),
                Arguments.of("initial status", Map.of("SERVICE_CHECK_INITIAL_STATUS", "Passing"),
                        check("tcp", "172.17.0.5:8080", "2s", "1s", "1m", "passing", null, false, null), 0),
                Arguments.of("bad initial status", Map.of("SERVICE_CHECK_INITIAL_STATUS", "ok"),
                        check("tcp", "172.17.0.5:8080", "2s", "1s", "1m", null, null, false, null), 1),
                Arguments.of("deregister after", Map.of("SERVICE_CHECK_DEREGISTER_AFTER", "5m"),
                        check("tcp", "172.17.0.5:8080", "2s", "1s", "5m", null, null, false, null), 0),
                Arguments.of("bad deregister after", Map.of("SERVICE_CHECK_DEREGISTER_AFTER", "later"),
                        check("tcp", "172.17.0.5:8080", "2s", "1s", "1m", null, null, false, null), 1),
                Arguments.of("http wins over ttl", Map.of("SERVICE_CHECK_HTTP", "/h", "SERVICE_CHECK_TTL", "30s"),
                        check("http", "http://172.17.0.5:8080/h", "2s", "1s", "1m", null, null, false, null), 0),
                Arguments.of("http wins over tcp, as in registrator", Map.of("SERVICE_CHECK_TCP", "true", "SERVICE_8080_CHECK_HTTP", "/h"),
                        check("http", "http://172.17.0.5:8080/h", "2s", "1s", "1m", null, null, false, null), 0),
                Arguments.of("ttl wins over tcp, as in registrator", Map.of("SERVICE_CHECK_TCP", "true", "SERVICE_CHECK_TTL", "30s"),
                        check("ttl", "30s", null, null, "1m", null, null, false, null), 0),
                Arguments.of("tcp wins over grpc", Map.of("SERVICE_CHECK_TCP", "true", "SERVICE_CHECK_GRPC", "true"),
                        check("tcp", "172.17.0.5:8080", "2s", "1s", "1m", null, null, false, null), 0),
                Arguments.of("registrator's CHECK_CMD: warned, default check", Map.of("SERVICE_CHECK_CMD", "/bin/check.sh"),
                        check("tcp", "172.17.0.5:8080", "2s", "1s", "1m", null, null, false, null), 1),
                Arguments.of("misspelt check key: warned, the rest applies", Map.of("SERVICE_CHECK_HTTP", "/h",
                        "SERVICE_CHECK_INTERVALL", "5s"), check("http", "http://172.17.0.5:8080/h", "2s", "1s", "1m", null, null,
                        false, null), 1));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("checkKeys")
    void checkKeys(String description, Map<String, String> labels, CheckDefinition expected, int warnings) {
        MappingResult result = ServiceMapper.map(ServiceMapperTest.container("app", labels, Map.of(), ServiceMapperTest.tcp(8080)), CONTEXT);
        assertThat(result.services()).singleElement().extracting(ServiceDefinition::check).isEqualTo(expected);
        assertThat(result.warnings()).hasSize(warnings);
        assertThat(result.services().get(0).meta()).as("check keys never leak into meta").allSatisfy((key, value) ->
                assertThat(key).doesNotStartWith("check"));
    }

    @Test
    void anUnknownCheckKeyIsNamedWithTheKnownOnesAndCheckCmdWithItsReplacements() {
        List<String> warnings = ServiceMapper.map(ServiceMapperTest.container("app", Map.of("SERVICE_CHECK_INTERVALL", "5s"),
                Map.of("SERVICE_8080_CHECK_CMD", "/bin/check.sh"), ServiceMapperTest.tcp(8080)), CONTEXT).warnings();
        assertThat(warnings).hasSize(2);
        assertThat(warnings).anySatisfy(warning -> assertThat(warning).contains(
                "label SERVICE_CHECK_INTERVALL='5s' is not a check setting", "SERVICE_CHECK_INTERVAL", "SERVICE_CHECK_HTTP",
                "ignoring it"));
        assertThat(warnings).anySatisfy(warning -> assertThat(warning).contains("env SERVICE_8080_CHECK_CMD='/bin/check.sh'",
                "Docker HEALTHCHECK", "SERVICE_CHECK_SCRIPT", "ignoring it"));
    }

    @Test
    void aCheckHeadersWarningNeverQuotesItsValueWhichMayBeACredential() {
        List<String> warnings = ServiceMapper.map(ServiceMapperTest.container("app", Map.of("SERVICE_CHECK_HTTP", "/h",
                "SERVICE_CHECK_HEADER", "{\"Authorization\": c2VjcmV0}"), Map.of(), ServiceMapperTest.tcp(8080)), CONTEXT).warnings();
        assertThat(warnings).singleElement().satisfies(warning -> assertThat(warning)
                .contains("container 'web-1'", "label SERVICE_CHECK_HEADER is invalid (not JSON at character 19)", "{\"X-Check\": \"consul\"}",
                        "checking without headers")
                .doesNotContain("c2VjcmV0"));
        List<String> onTcp = ServiceMapper.map(ServiceMapperTest.container("app", Map.of("SERVICE_CHECK_HEADER",
                "{\"Authorization\": \"Basic c2VjcmV0\"}"), Map.of(), ServiceMapperTest.tcp(8080)), CONTEXT).warnings();
        assertThat(onTcp).singleElement().satisfies(warning -> assertThat(warning)
                .contains("only an http check (SERVICE_CHECK_HTTP or SERVICE_CHECK_HTTPS) sends headers").doesNotContain("c2VjcmV0"));
        List<String> elsewhere = ServiceMapper.map(ServiceMapperTest.container("app", Map.of("SERVICE_CHECK_HTTP", "/h",
                "SERVICE_CHECK_HEADERS", "{\"Authorization\": \"Basic c2VjcmV0\"}",
                "SERVICE_9090_CHECK_HEADER", "{\"Authorization\": \"Basic c2VjcmV0\"}",
                "SERVICE_8080_CHECK_HEADER", "{\"Authorization: Basic c2VjcmV0\": \"\"}"), Map.of(), ServiceMapperTest.tcp(8080)), CONTEXT)
                .warnings();
        assertThat(elsewhere).as("a misspelt key, a port not exposed, a name that is no token").hasSize(3)
                .allSatisfy(warning -> assertThat(warning).doesNotContain("c2VjcmV0"))
                .anySatisfy(warning -> assertThat(warning).contains("label SERVICE_CHECK_HEADERS (value not shown"))
                .anySatisfy(warning -> assertThat(warning).contains("label SERVICE_9090_CHECK_HEADER (value not shown"))
                .anySatisfy(warning -> assertThat(warning).contains("header name #1 is not a token"));
    }

    static ContainerInfo withHealth(String health, Map<String, String> labels) {
        return new ContainerInfo(ID, "web-1", "app", labels, Map.of(), Map.of("bridge", "172.17.0.5"),
                List.of(ServiceMapperTest.tcp(8080), new PortSpec(53, "udp")), "bridge", false, health);
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @org.junit.jupiter.params.provider.CsvSource({"healthy, passing", "unhealthy, critical", "starting, warning"})
    void dockerHealthcheckGivesATtlCheckCarryingItsVerdictOnEveryPort(String health, String status) {
        List<ServiceDefinition> services = ServiceMapper.map(withHealth(health, Map.of()), CONTEXT).services();
        assertThat(services).hasSize(2).allSatisfy(service ->
                assertThat(service.check()).isEqualTo(check("docker", "90s", null, null, "1m", status, null, false, "30s")));
    }

    @Test
    void aCheckTheUserSetWinsOverTheDockerHealthcheck() {
        ServiceDefinition tcp = ServiceMapper.map(withHealth("healthy", Map.of("SERVICE_CHECK_HTTP", "/h")), CONTEXT).services().get(1);
        assertThat(tcp.check().type()).isEqualTo("http");
    }

    @Test
    void agentWideTtlReplacesTheDefaultTcpCheckAndIsHeartbeated() {
        ServiceDefinition service = only(ServiceMapperTest.container("app", Map.of(), Map.of(), ServiceMapperTest.tcp(8080)),
                context(true, null, false, List.of(), null, "20s"));
        assertThat(service.check()).isEqualTo(check("ttl", "20s", null, null, "1m", "passing", null, false, "10s"));
    }

    @Test
    void pausedContainerIsInMaintenance() {
        ContainerInfo paused = new ContainerInfo(ID, "web-1", "app", Map.of(), Map.of(), Map.of("bridge", "172.17.0.5"),
                List.of(ServiceMapperTest.tcp(8080)), null, true, null);
        assertThat(only(paused, CONTEXT).maintenance()).contains("web-1", "paused");
        assertThat(only(ServiceMapperTest.container("app", Map.of(), Map.of(), ServiceMapperTest.tcp(8080)), CONTEXT).maintenance()).isNull();
    }

    @Test
    void theAgentWideTtlRefreshTakesOverAnApplicationsTtlCheckOnlyWhenItsContainerAsks() {
        MappingContext refreshing = new MappingContext("node1", null, "2s", "1s", "1m", null, true, null, false, List.of(),
                null, null, "10s", "90s", "30s");
        assertThat(only(ServiceMapperTest.container("app", Map.of("SERVICE_CHECK_TTL", "30s"), Map.of(),
                ServiceMapperTest.tcp(8080)), refreshing).check())
                .as("the application sends its status").isEqualTo(check("ttl", "30s", null, null, "1m", null, null, false, null));
        assertThat(only(ServiceMapperTest.container("app", Map.of("SERVICE_CHECK_TTL", "30s", "SERVICE_CHECK_TTL_REFRESH",
                "true"), Map.of(), ServiceMapperTest.tcp(8080)), refreshing).check())
                .isEqualTo(check("ttl", "30s", null, null, "1m", "passing", null, false, "10s"));
    }

    @Test
    void tagsSplitAtUnescapedCommasThenAgentWideTags() {
        ServiceDefinition service = only(ServiceMapperTest.container("app", Map.of("SERVICE_TAGS", "a\\,b, c ,,a\\,b"), Map.of(),
                ServiceMapperTest.tcp(80)), context(true, null, false, List.of("dc1", "c"), null, null));
        assertThat(service.tags()).containsExactly("a,b", "c", "dc1");
    }

    @Test
    void everyOtherServiceKeyIsMetaLowerCasedButCheckKeysNever() {
        ServiceDefinition service = only(ServiceMapperTest.container("app", Map.of("SERVICE_TEAM", "blue",
                "SERVICE_80_OWNER", "ann", "SERVICE_CHECK_TTL", "9s", "SERVICE_80_CHECK_TTL_REFRESH", "true", "SERVICE_ID", "x"),
                Map.of("SERVICE_Region", "eu"), ServiceMapperTest.tcp(80)), CONTEXT);
        assertThat(service.meta()).containsEntry("team", "blue").containsEntry("owner", "ann").containsEntry("region", "eu")
                .doesNotContainKeys("check_ttl", "check_ttl_refresh", "id");
    }

    @Test
    void enableTagOverrideIsSetPerPortAndNeverMeta() {
        MappingResult result = ServiceMapper.map(ServiceMapperTest.container("app", Map.of("SERVICE_80_ENABLE_TAG_OVERRIDE", "true",
                "SERVICE_81_ENABLE_TAG_OVERRIDE", "maybe"), Map.of(), ServiceMapperTest.tcp(80), ServiceMapperTest.tcp(81),
                ServiceMapperTest.tcp(82)), CONTEXT);
        assertThat(result.services()).extracting(ServiceDefinition::enableTagOverride).containsExactly(true, false, false);
        assertThat(result.services()).allSatisfy(service -> assertThat(service.meta()).doesNotContainKey("enable_tag_override"));
        assertThat(result.warnings()).singleElement().satisfies(warning -> assertThat(warning)
                .contains("SERVICE_81_ENABLE_TAG_OVERRIDE='maybe' is invalid; expected true or false"));
    }

    static ContainerInfo published(PortSpec... ports) {
        return new ContainerInfo(ID, "web-1", "app", Map.of("com.example.ip", "192.0.2.9"), Map.of(),
                Map.of("bridge", "172.17.0.5"), List.of(ports), "bridge", false, null);
    }

    static Stream<Arguments> addresses() {
        PortSpec all = new PortSpec(8080, "tcp", "0.0.0.0", 32768);
        PortSpec specific = new PortSpec(8080, "tcp", "198.51.100.4", 32768);
        PortSpec unpublished = new PortSpec(9090, "tcp");
        return Stream.of(
                Arguments.of("internal: container ip and port", published(all), context(true, "10.0.0.1", false, List.of(), null, null),
                        List.of("172.17.0.5:8080"), 0),
                Arguments.of("published: host ip and host port", published(all, unpublished),
                        context(false, "10.0.0.1", false, List.of(), null, null), List.of("10.0.0.1:32768"), 0),
                Arguments.of("published: a specific binding's ip", published(specific), context(false, null, false, List.of(), null, null),
                        List.of("198.51.100.4:32768"), 0),
                Arguments.of("published without a host ip", published(all), context(false, null, false, List.of(), null, null),
                        List.of(), 1),
                Arguments.of("published, nothing published", published(unpublished), context(false, null, false, List.of(), null, null),
                        List.of(), 0),
                Arguments.of("ip from label, internal", published(all), context(true, null, false, List.of(), "com.example.ip", null),
                        List.of("192.0.2.9:8080"), 0),
                Arguments.of("ip from label, published", published(specific), context(false, null, false, List.of(), "com.example.ip", null),
                        List.of("192.0.2.9:32768"), 0),
                Arguments.of("ip from label in CIDR form: the address alone", new ContainerInfo(ID, "web-1", "app",
                        Map.of("com.example.ip", "10.42.1.2/16"), Map.of(), Map.of("bridge", "172.17.0.5"), List.of(all), "bridge",
                        false, null), context(true, null, false, List.of(), "com.example.ip", null), List.of("10.42.1.2:8080"), 0),
                Arguments.of("ip label absent: the binding's ip", new ContainerInfo(ID, "web-1", "app", Map.of(), Map.of(),
                        Map.of("bridge", "172.17.0.5"), List.of(specific), "bridge", false, null),
                        context(false, null, false, List.of(), "com.example.ip", null), List.of("198.51.100.4:32768"), 0),
                Arguments.of("host network: host ip, exposed ports", new ContainerInfo(ID, "h", "app", Map.of(), Map.of(), Map.of(),
                        List.of(new PortSpec(8080, "tcp"), new PortSpec(8081, "tcp")), "host", false, null),
                        context(true, "10.0.0.1", false, List.of(), null, null), List.of("10.0.0.1:8080", "10.0.0.1:8081"), 0),
                Arguments.of("host network without a host ip", new ContainerInfo(ID, "h", "app", Map.of(), Map.of(), Map.of(),
                        List.of(new PortSpec(8080, "tcp")), "host", false, null), CONTEXT, List.of(), 1));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("addresses")
    void addressAndPortByMode(String description, ContainerInfo container, MappingContext context, List<String> endpoints, int warnings) {
        MappingResult result = ServiceMapper.map(container, context);
        assertThat(result.services()).extracting(service -> service.address() + ":" + service.port()).containsExactlyElementsOf(endpoints);
        assertThat(result.services()).allSatisfy(service -> assertThat(service.id()).doesNotContain("32768"));
        assertThat(result.warnings()).hasSize(warnings);
    }

    @Test
    void publishedModeNamesAPortGroupByThePublishedPortsAlone() {
        PortSpec published = new PortSpec(5672, "tcp", "0.0.0.0", 5672);
        MappingContext publishedMode = context(false, "10.0.0.1", false, List.of(), null, null);
        ServiceDefinition service = only(new ContainerInfo(ID, "mq-1", "rabbitmq", Map.of("SERVICE_ID", "mq-a"), Map.of(),
                Map.of("bridge", "172.17.0.5"), List.of(published, new PortSpec(4369, "tcp"), new PortSpec(25672, "tcp")),
                "bridge", false, null), publishedMode);
        assertThat(service.name()).as("one published port of three: no -<port> suffix").isEqualTo("rabbitmq");
        assertThat(service.id()).isEqualTo("mq-a");
    }

    @Test
    void explicitRegistersOnlyNamedPorts() {
        MappingContext explicit = context(true, null, true, List.of(), null, null);
        assertThat(ServiceMapper.map(ServiceMapperTest.container("app", Map.of(), Map.of(), ServiceMapperTest.tcp(80)), explicit)
                .services()).isEmpty();
        assertThat(ServiceMapper.map(ServiceMapperTest.container("app", Map.of("SERVICE_443_NAME", "tls"), Map.of(),
                ServiceMapperTest.tcp(80), ServiceMapperTest.tcp(443)), explicit).services())
                .extracting(ServiceDefinition::name).containsExactly("tls");
        assertThat(ServiceMapper.map(ServiceMapperTest.container("app", Map.of(), Map.of("SERVICE_NAME", "web"),
                ServiceMapperTest.tcp(80)), explicit).services()).hasSize(1);
    }
}
