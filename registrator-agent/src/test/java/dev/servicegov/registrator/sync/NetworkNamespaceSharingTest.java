package dev.servicegov.registrator.sync;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;

import dev.servicegov.registrator.bridge.ContainerInfo;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A container in web-1's network namespace ({@code --network container:web-1}) has web-1's addresses and gets no event
 * when they change: web-1's events re-read it.
 */
class NetworkNamespaceSharingTest extends RegistrationEngineFixture {

    static final String SIDECAR = "bbb0000000000000000";
    static final String SIDECAR_SERVICE = "node1:exporter:9100";

    static ContainerInfo sidecar(Map<String, String> networks) {
        return new ContainerInfo(SIDECAR, "exporter", "exporter:1", Map.of(), Map.of(), networks,
                List.of(new ContainerInfo.PortSpec(9100, "tcp")), "container:" + WEB, false, null);
    }

    @ParameterizedTest(name = "web-1 {0}")
    @ValueSource(strings = {"die", "destroy", "start", "disconnect"})
    void theSidecarLeavesWhenTheNamespacesOwnerLosesItsAddress(String action) throws Exception {
        add(sidecar(Map.of("bridge", "172.17.0.2")));
        started();
        assertThat(consul.services).containsKey(SIDECAR_SERVICE);

        // web-1 exited (or started again, leaving the sidecar in its old, empty namespace): no address for the sidecar
        docker.running.put(SIDECAR, sidecar(Map.of()));
        engine.submit(new WorkItem.ContainerEvent(action, WEB, null, "0"));
        engine.runOnce(NO_WAIT);

        assertThat(consul.services).doesNotContainKey(SIDECAR_SERVICE);
    }

    @Test
    void theSidecarFollowsTheOwnersNetworkConnect() throws Exception {
        add(sidecar(Map.of("bridge", "172.17.0.2")));
        started();

        docker.running.put(SIDECAR, sidecar(Map.of("aaa-net", "10.1.0.7", "bridge", "172.17.0.2")));
        engine.submit(new WorkItem.ContainerEvent("connect", WEB, null));
        engine.runOnce(NO_WAIT);

        assertThat(consul.services.get(SIDECAR_SERVICE).address()).isEqualTo("10.1.0.7");
    }

    @Test
    void otherEventsOfTheOwnerAndEventsOfOtherContainersLeaveTheSidecarAlone() throws Exception {
        add(sidecar(Map.of("bridge", "172.17.0.2")));
        started();
        docker.inspected.clear();

        engine.submit(new WorkItem.ContainerEvent("health_status: healthy", WEB, null));
        engine.submit(new WorkItem.ContainerEvent("die", "ccc0000000000000000", null, "0"));
        engine.runOnce(NO_WAIT);

        assertThat(docker.inspected).doesNotContain(SIDECAR);
    }
}
