package dev.servicegov.registrator.bridge;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

import dev.servicegov.registrator.bridge.ContainerInfo.PortSpec;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** The address of a container on several networks: a row per rule of {@link AddressChooser}. */
class AddressChoiceTest {

    static final String ID = ServiceMapperTest.ID;
    static final Map<String, String> V4 = Map.of("zeta", "10.0.9.9", "alpha", "10.0.1.2", "middle", "10.0.5.5");
    static final Map<String, String> V6 = Map.of("zeta", "fd00:9::9", "middle", "fd00:5::5");

    static MappingContext context(String global, Set<String> agentNetworks, int ipVersion) {
        return new MappingContext("node1", global, "2s", "1s", "1m", null, true, null, false, List.of(), null, null, null,
                "90s", "30s", agentNetworks, ipVersion);
    }

    static ContainerInfo container(Map<String, String> labels, Map<String, String> env, Map<String, String> v6, PortSpec... ports) {
        return new ContainerInfo(ID, "multi", "app", labels, env, V4, List.of(ports), "multi-net", false, null, v6);
    }

    static Stream<Arguments> rules() {
        Set<String> none = Set.of();
        return Stream.of(
                Arguments.of("nothing set: first network by name", Map.of(), Map.of(), null, none, 4,
                        "10.0.1.2", "first network by name (alpha)", 0),
                Arguments.of("SERVICE_NETWORK label", Map.of("SERVICE_NETWORK", "zeta"), Map.of(), null, none, 4,
                        "10.0.9.9", "label SERVICE_NETWORK", 0),
                Arguments.of("SERVICE_NETWORK env", Map.of(), Map.of("SERVICE_NETWORK", "middle"), null, none, 4,
                        "10.0.5.5", "env SERVICE_NETWORK", 0),
                Arguments.of("label wins over env", Map.of("SERVICE_NETWORK", "zeta"), Map.of("SERVICE_NETWORK", "middle"), null,
                        none, 4, "10.0.9.9", "label SERVICE_NETWORK", 0),
                Arguments.of("per-port env beats general label", Map.of("SERVICE_NETWORK", "zeta"),
                        Map.of("SERVICE_80_NETWORK", "middle"), null, none, 4, "10.0.5.5", "env SERVICE_80_NETWORK", 0),
                Arguments.of("other port's setting ignored", Map.of("SERVICE_81_NETWORK", "zeta"), Map.of(), null, none, 4,
                        "10.0.1.2", "first network by name (alpha)", 0),
                Arguments.of("registrator.network", Map.of(), Map.of(), "middle", none, 4,
                        "10.0.5.5", "registrator.network", 0),
                Arguments.of("label beats registrator.network", Map.of("SERVICE_NETWORK", "zeta"), Map.of(), "middle", none, 4,
                        "10.0.9.9", "label SERVICE_NETWORK", 0),
                Arguments.of("network shared with the Consul agent", Map.of(), Map.of(), null, Set.of("zeta", "elsewhere"), 4,
                        "10.0.9.9", "network zeta shared with the Consul agent", 0),
                Arguments.of("several shared: first of them by name", Map.of(), Map.of(), null, Set.of("zeta", "middle"), 4,
                        "10.0.5.5", "network middle shared with the Consul agent", 0),
                Arguments.of("no network shared with the agent: first by name, warned", Map.of(), Map.of(), null,
                        Set.of("elsewhere"), 4, "10.0.1.2", "first network by name (alpha)", 1),
                Arguments.of("agent on the host's network reaches every bridge: not warned", Map.of(), Map.of(), null,
                        Set.of("host"), 4, "10.0.1.2", "first network by name (alpha)", 0),
                Arguments.of("IPv6 asked, the agent on the container's IPv4-only network: not warned",
                        Map.of("SERVICE_IP_VERSION", "6"), Map.of(), null, Set.of("alpha"), 4, "fd00:5::5",
                        "first network by name (middle)", 0),
                Arguments.of("registrator.network beats the agent's", Map.of(), Map.of(), "alpha", Set.of("zeta"), 4,
                        "10.0.1.2", "registrator.network", 0),
                Arguments.of("label on a network it is not on: warned, next rule", Map.of("SERVICE_NETWORK", "backend"), Map.of(),
                        "middle", none, 4, "10.0.5.5", "registrator.network", 1),
                Arguments.of("both named networks missing: agent's", Map.of("SERVICE_NETWORK", "backend"), Map.of(), "front",
                        Set.of("zeta"), 4, "10.0.9.9", "network zeta shared with the Consul agent", 2),
                Arguments.of("blank label ignored", Map.of("SERVICE_NETWORK", " "), Map.of(), null, none, 4,
                        "10.0.1.2", "first network by name (alpha)", 0),
                Arguments.of("SERVICE_IP_VERSION=6", Map.of("SERVICE_IP_VERSION", "6"), Map.of(), null, none, 4,
                        "fd00:5::5", "first network by name (middle)", 0),
                Arguments.of("registrator.ip-version=6 with SERVICE_NETWORK", Map.of("SERVICE_NETWORK", "zeta"), Map.of(), null,
                        none, 6, "fd00:9::9", "label SERVICE_NETWORK", 0),
                Arguments.of("IPv6 on a network without IPv6: next rule", Map.of("SERVICE_NETWORK", "alpha"), Map.of(), null,
                        Set.of("zeta"), 6, "fd00:9::9", "network zeta shared with the Consul agent", 1),
                Arguments.of("per-port version 4 beats registrator.ip-version=6", Map.of("SERVICE_80_IP_VERSION", "4"), Map.of(),
                        null, none, 6, "10.0.1.2", "first network by name (alpha)", 0),
                Arguments.of("bad version: warned, default", Map.of("SERVICE_IP_VERSION", "5"), Map.of(), null, none, 4,
                        "10.0.1.2", "first network by name (alpha)", 1));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("rules")
    void rules(String description, Map<String, String> labels, Map<String, String> env, String global, Set<String> agent,
            int version, String address, String rule, int warningCount) {
        ContainerInfo container = container(labels, env, V6, new PortSpec(80, "tcp"));
        List<String> warnings = new ArrayList<>();
        AddressChooser.Choice choice = AddressChooser.choose(container, Attributes.forPort(container, 80),
                context(global, agent, version), warnings);
        assertThat(choice).isEqualTo(new AddressChooser.Choice(address, rule));
        assertThat(warnings).hasSize(warningCount);
        MappingResult mapped = ServiceMapper.map(container, context(global, agent, version));
        assertThat(mapped.services()).singleElement().satisfies(service -> {
            assertThat(service.address()).isEqualTo(address);
            assertThat(service.addressRule()).isEqualTo(rule);
            assertThat(service.meta()).doesNotContainKeys("network", "ip_version");
        });
        // the mapping also says that a setting names a port the container does not expose (ServiceMapperTest)
        assertThat(mapped.warnings()).filteredOn(warning -> !warning.contains("a port the container exposes"))
                .isEqualTo(warnings);
    }

    @ParameterizedTest(name = "{0}")
    @org.junit.jupiter.params.provider.CsvSource(nullValues = "null", value = {
            "ip label,                    true,  null,      null,    10.9.9.9,  label com.example.ip",
            "published on a specific IP,  false, 10.0.0.5,  null,    10.0.0.5,  published host IP",
            "published on all addresses,  false, 0.0.0.0,   10.0.0.1, 10.0.0.1, registrator.ip"})
    void addressesOtherThanTheContainersOwnSayWhere(String description, boolean internal, String bindIp, String hostIp,
            String address, String rule) {
        ContainerInfo container = container(Map.of("com.example.ip", "10.9.9.9"), Map.of(), Map.of(),
                new PortSpec(80, "tcp", bindIp, bindIp == null ? null : 8080));
        MappingContext context = new MappingContext("node1", null, "2s", "1s", "1m", null, internal, hostIp, false, List.of(),
                internal ? "com.example.ip" : null, null, null, "90s", "30s");
        assertThat(ServiceMapper.map(container, context).services()).singleElement()
                .extracting(ServiceDefinition::address, ServiceDefinition::addressRule).containsExactly(address, rule);
    }

    @Test
    void missingNetworkWarningNamesContainerKeyValueAndItsNetworks() {
        MappingResult result = ServiceMapper.map(container(Map.of("SERVICE_NETWORK", "backend"), Map.of(), Map.of(),
                new PortSpec(80, "tcp"), new PortSpec(443, "tcp")), context(null, Set.of(), 4));
        assertThat(result.services()).extracting(ServiceDefinition::address).containsOnly("10.0.1.2");
        assertThat(result.warnings()).as("one warning, not one per port").singleElement().asString()
                .contains("'multi'", "label SERVICE_NETWORK='backend'", "[alpha, middle, zeta]", "connect it");
    }

    @Test
    void noNetworkSharedWithTheAgentIsWarnedOnceNamingBothSidesAndTheFix() {
        MappingResult result = ServiceMapper.map(container(Map.of(), Map.of(), Map.of(), new PortSpec(80, "tcp"),
                new PortSpec(443, "tcp")), context(null, Set.of("stack_default"), 4));
        assertThat(result.services()).extracting(ServiceDefinition::address).containsOnly("10.0.1.2");
        assertThat(result.warnings()).as("one warning, not one per port").singleElement().asString()
                .contains("'multi'", "shares no network with the Consul agent", "[alpha, middle, zeta]", "[stack_default]",
                        "docker network connect", "SERVICE_NETWORK");
    }

    @Test
    void perPortNetworksGiveEachPortItsOwnAddress() {
        MappingResult result = ServiceMapper.map(container(Map.of("SERVICE_80_NETWORK", "zeta", "SERVICE_443_NETWORK", "middle"),
                Map.of(), Map.of(), new PortSpec(80, "tcp"), new PortSpec(443, "tcp")), context(null, Set.of(), 4));
        assertThat(result.services()).extracting(ServiceDefinition::port, ServiceDefinition::address)
                .containsExactly(org.assertj.core.groups.Tuple.tuple(80, "10.0.9.9"), org.assertj.core.groups.Tuple.tuple(443, "10.0.5.5"));
    }

    @Test
    void ipv6AskedWithoutIpv6RegistersIpv4AndSaysHowToGetIt() {
        MappingResult result = ServiceMapper.map(container(Map.of("SERVICE_IP_VERSION", "6"), Map.of(), Map.of(),
                new PortSpec(80, "tcp")), context(null, Set.of(), 4));
        assertThat(result.services()).singleElement().extracting(ServiceDefinition::address).isEqualTo("10.0.1.2");
        assertThat(result.warnings()).singleElement().asString().contains("'multi'", "no IPv6 address", "--ipv6");
    }

    @Test
    void ipv6AddressIsBracketedInCheckTargets() {
        MappingResult result = ServiceMapper.map(container(Map.of("SERVICE_CHECK_HTTP", "/health"), Map.of(), V6,
                new PortSpec(8080, "tcp")), context(null, Set.of(), 6));
        assertThat(result.services()).singleElement().satisfies(service -> {
            assertThat(service.address()).isEqualTo("fd00:5::5");
            assertThat(service.check().target()).isEqualTo("http://[fd00:5::5]:8080/health");
        });
    }
}
