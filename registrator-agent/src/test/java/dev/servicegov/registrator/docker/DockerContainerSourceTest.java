package dev.servicegov.registrator.docker;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.dockerjava.api.command.InspectContainerResponse;

import dev.servicegov.registrator.bridge.ContainerInfo;
import dev.servicegov.registrator.bridge.ContainerInfo.PortSpec;

import org.junit.jupiter.api.Test;

class DockerContainerSourceTest {

    static final String INSPECT = """
            {"Id": "abc123", "Name": "/web-1",
             "State": {"Running": true, "Paused": true, "Health": {"Status": "unhealthy"}},
             "Config": {"Image": "app:1", "Labels": {"SERVICE_NAME": "web"}, "Env": ["SERVICE_TAGS=a,b", "PATH=/bin"],
                        "ExposedPorts": {"80/tcp": {}, "53/udp": {}, "9090/tcp": {}}},
             "HostConfig": {"NetworkMode": "bridge"},
             "NetworkSettings": {"Ports": {"80/tcp": [{"HostIp": "0.0.0.0", "HostPort": "32768"}],
                                           "53/udp": [{"HostIp": "127.0.0.1", "HostPort": "5353"}], "9090/tcp": null},
                                 "Networks": {"bridge": {"IPAddress": "172.17.0.5"}, "none": {"IPAddress": ""},
                                              "v6": {"IPAddress": "172.30.0.2", "GlobalIPv6Address": "fd00:1::2"}}}}
            """;

    @Test
    void inspectionBecomesContainerInfoWithBindingsHealthPauseAndNetworkMode() throws Exception {
        InspectContainerResponse response = new ObjectMapper().configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false)
                .readValue(INSPECT, InspectContainerResponse.class);
        ContainerInfo info = DockerContainerSource.toInfo(response);
        assertThat(info.name()).isEqualTo("web-1");
        assertThat(info.env()).containsEntry("SERVICE_TAGS", "a,b");
        assertThat(info.networks()).containsOnlyKeys("bridge", "v6");
        assertThat(info.ipv6Networks()).containsExactly(java.util.Map.entry("v6", "fd00:1::2"));
        assertThat(info.paused()).isTrue();
        assertThat(info.health()).isEqualTo("unhealthy");
        assertThat(info.networkMode()).isEqualTo("bridge");
        assertThat(info.hostNetwork()).isFalse();
        assertThat(info.ports()).containsExactlyInAnyOrder(new PortSpec(80, "tcp", "0.0.0.0", 32768),
                new PortSpec(53, "udp", "127.0.0.1", 5353), new PortSpec(9090, "tcp"));
    }
}
