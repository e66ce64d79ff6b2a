package dev.servicegov.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import org.junit.jupiter.api.Test;

import dev.servicegov.web.NetworkAddresses.InterfaceAddress;

class InstanceIdentityTest {

    private static final List<InterfaceAddress> ADDRESSES = List.of(new InterfaceAddress("eth0", "172.18.0.5", false, true));

    @Test
    void instanceIdDefaultsToServiceAndHostname() {
        var identity = new InstanceIdentity(new ServiceWebProperties("service-web", null, null), "3f2a9c", ADDRESSES);
        assertThat(identity.instanceId()).isEqualTo("service-web-3f2a9c");
        assertThat(identity.ip()).isEqualTo("172.18.0.5");
        assertThat(identity.hostname()).isEqualTo("3f2a9c");
    }

    @Test
    void aConfiguredInstanceIdIsKept() {
        var identity = new InstanceIdentity(new ServiceWebProperties("service-web", "web-7", ""), "3f2a9c", ADDRESSES);
        assertThat(identity.instanceId()).isEqualTo("web-7");
    }

    @Test
    void withoutAnyNetworkTheAnswerIsLoopback() {
        var identity = new InstanceIdentity(new ServiceWebProperties("service-web", "", ""), "h", List.of());
        assertThat(identity.ip()).isEqualTo("127.0.0.1");
    }

    @Test
    void theAddressFollowsANetworkChangeOnceReadAgain() {
        var now = new java.util.concurrent.atomic.AtomicReference<>(ADDRESSES);
        var identity = new InstanceIdentity(new ServiceWebProperties("service-web", "", ""), "h", now::get,
                java.time.Duration.ZERO);
        assertThat(identity.ip()).isEqualTo("172.18.0.5");
        now.set(List.of(new InterfaceAddress("eth1", "10.0.9.3", false, true))); // docker network disconnect / connect
        assertThat(identity.ip()).isEqualTo("10.0.9.3");
    }
}
