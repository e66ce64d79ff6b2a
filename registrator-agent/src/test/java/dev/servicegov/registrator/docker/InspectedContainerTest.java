package dev.servicegov.registrator.docker;

import static org.assertj.core.api.Assertions.assertThat;

import dev.servicegov.registrator.bridge.ContainerInfo;
import dev.servicegov.registrator.bridge.ContainerInfo.PortSpec;

import org.junit.jupiter.api.Test;

import tools.jackson.databind.json.JsonMapper;

class InspectedContainerTest {

    static final String INSPECT = """
            {"Id": "abc123", "Name": "/web-1", "Created": "2026-11-25T10:00:00Z", "RestartCount": 0,
             "State": {"Status": "running", "Running": true, "Paused": true, "Health": {"Status": "unhealthy", "Log": []},
                       "StartedAt": "2026-11-25T10:00:01.123456789Z"},
             "Config": {"Image": "app:1", "Labels": {"SERVICE_NAME": "web"}, "Env": ["SERVICE_TAGS=a,b", "PATH=/bin", "EMPTY="],
                        "ExposedPorts": {"80/tcp": {}, "53/udp": {}, "9090/tcp": {}, "7000": {}},
                        "StopSignal": "SIGQUIT"},
             "HostConfig": {"NetworkMode": "bridge", "Binds": null},
             "NetworkSettings": {"Ports": {"80/tcp": [{"HostIp": "0.0.0.0", "HostPort": "32768"}],
                                           "53/udp": [{"HostIp": "127.0.0.1", "HostPort": "5353"}], "9090/tcp": null},
                                 "Networks": {"bridge": {"IPAddress": "172.17.0.5", "Aliases": null}, "none": {"IPAddress": ""},
                                              "v6": {"IPAddress": "172.30.0.2", "GlobalIPv6Address": "fd00:1::2"}}}}
            """;

    static InspectedContainer parse(String json) {
        return JsonMapper.builder().build().readValue(json, InspectedContainer.class);
    }

    @Test
    void inspectionBecomesContainerInfoWithBindingsHealthPauseAndNetworkMode() {
        InspectedContainer container = parse(INSPECT);
        assertThat(container.running()).isTrue();
        ContainerInfo info = container.toInfo();
        assertThat(info.id()).isEqualTo("abc123");
        assertThat(info.name()).isEqualTo("web-1");
        assertThat(info.image()).isEqualTo("app:1");
        assertThat(info.labels()).containsExactly(java.util.Map.entry("SERVICE_NAME", "web"));
        assertThat(info.env()).containsOnly(java.util.Map.entry("SERVICE_TAGS", "a,b"), java.util.Map.entry("PATH", "/bin"),
                java.util.Map.entry("EMPTY", ""));
        assertThat(info.networks()).containsOnly(java.util.Map.entry("bridge", "172.17.0.5"), java.util.Map.entry("v6", "172.30.0.2"));
        assertThat(info.ipv6Networks()).containsExactly(java.util.Map.entry("v6", "fd00:1::2"));
        assertThat(info.paused()).isTrue();
        assertThat(info.health()).isEqualTo("unhealthy");
        assertThat(info.networkMode()).isEqualTo("bridge");
        assertThat(info.stopSignal()).isEqualTo("SIGQUIT");
        assertThat(info.hostNetwork()).isFalse();
        assertThat(info.ports()).containsExactly(new PortSpec(80, "tcp", "0.0.0.0", 32768),
                new PortSpec(53, "udp", "127.0.0.1", 5353), new PortSpec(9090, "tcp"), new PortSpec(7000, "tcp"));
    }

    @Test
    void aStoppedContainerWithoutConfigOrNetworksIsNotRunningAndMapsToNothing() {
        InspectedContainer container = parse("""
                {"Id": "def456", "State": {"Running": false}}""");
        assertThat(container.running()).isFalse();
        ContainerInfo info = container.toInfo();
        assertThat(info.name()).isEqualTo("def456");
        assertThat(info.labels()).isEmpty();
        assertThat(info.ports()).isEmpty();
        assertThat(info.networks()).isEmpty();
        assertThat(info.health()).isNull();
        assertThat(info.paused()).isFalse();
        assertThat(info.stopSignal()).as("the default, SIGTERM").isNull();
    }

    /**
     * A container whose restart policy waits to start it again ({@code --restart always} in a crash loop): the engine
     * says {@code Running} and lists it, though it exited and has no address; it is not running, and exited with its code.
     */
    @Test
    void aContainerWaitingForItsRestartPolicyIsNotRunningAndHasExitedWithItsCode() {
        InspectedContainer restarting = parse("""
                {"Id": "ghi012", "State": {"Status": "restarting", "Running": true, "Restarting": true, "ExitCode": 3},
                 "HostConfig": {"NetworkMode": "host"}, "NetworkSettings": {"Ports": {}, "Networks": {"host": {"IPAddress": ""}}}}""");
        InspectedContainer runningAgain = parse("""
                {"Id": "ghi012", "State": {"Status": "running", "Running": true, "Restarting": false, "ExitCode": 0}}""");

        assertThat(restarting.running()).isFalse();
        assertThat(restarting.exitCode()).hasValue(3);
        assertThat(runningAgain.running()).isTrue();
        assertThat(runningAgain.exitCode()).isEmpty();
    }

    /** {@code --network container:web-1}: Docker gives the sidecar no address and no binding of its own. */
    static final String SIDECAR = """
            {"Id": "side789", "Name": "/exporter", "State": {"Running": true, "StartedAt": "2026-11-25T10:00:02.5Z"},
             "Config": {"Image": "exporter:1", "ExposedPorts": {"80/tcp": {}, "9100/tcp": {}}},
             "HostConfig": {"NetworkMode": "container:abc123"},
             "NetworkSettings": {"Ports": {}, "Networks": {}}}
            """;

    @Test
    void aContainerInAnothersNetworkNamespaceIsReachedAtThatOnesAddressesAndBindings() {
        InspectedContainer sidecar = parse(SIDECAR);
        assertThat(sidecar.networkOwner()).isEqualTo("abc123");
        assertThat(parse(INSPECT).networkOwner()).isNull();

        ContainerInfo info = sidecar.toInfo(parse(INSPECT));
        assertThat(info.name()).isEqualTo("exporter");
        assertThat(info.networks()).containsOnly(java.util.Map.entry("bridge", "172.17.0.5"), java.util.Map.entry("v6", "172.30.0.2"));
        assertThat(info.ipv6Networks()).containsExactly(java.util.Map.entry("v6", "fd00:1::2"));
        assertThat(info.ports()).as("the owner published 80, not 9100")
                .containsExactly(new PortSpec(80, "tcp", "0.0.0.0", 32768), new PortSpec(9100, "tcp"));
        assertThat(info.networkMode()).isEqualTo("container:abc123");
        assertThat(sidecar.toInfo().networks()).as("on its own").isEmpty();
    }

    @Test
    void aContainerInTheNamespaceOfOneThatStartedAgainSinceHasNoAddress() {
        InspectedContainer restartedOwner = parse(INSPECT.replace("2026-11-25T10:00:01.123456789Z", "2026-11-25T11:00:00Z"));

        ContainerInfo info = parse(SIDECAR).toInfo(restartedOwner);

        assertThat(info.networks()).isEmpty();
        assertThat(info.ipv6Networks()).isEmpty();
        assertThat(info.ports()).containsExactly(new PortSpec(80, "tcp"), new PortSpec(9100, "tcp"));
    }

    @Test
    void aContainerInTheNamespaceOfOneOnTheHostsNetworkIsOnTheHostsNetwork() {
        InspectedContainer owner = parse("""
                {"Id": "abc123", "State": {"Running": true}, "HostConfig": {"NetworkMode": "host"},
                 "NetworkSettings": {"Ports": {}, "Networks": {"host": {"IPAddress": ""}}}}""");

        assertThat(parse(SIDECAR).toInfo(owner).hostNetwork()).isTrue();
    }
}
