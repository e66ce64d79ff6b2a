package dev.servicegov.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import org.junit.jupiter.api.Test;

import dev.servicegov.web.NetworkAddresses.InterfaceAddress;

class NetworkAddressesTest {

    private static final InterfaceAddress LOOPBACK = new InterfaceAddress("lo", "127.0.0.1", true, true);
    private static final InterfaceAddress ETH0 = new InterfaceAddress("eth0", "172.18.0.5", false, true);
    private static final InterfaceAddress ETH1 = new InterfaceAddress("eth1", "10.0.9.3", false, true);
    private static final InterfaceAddress DOWN = new InterfaceAddress("eth2", "192.168.1.9", false, false);

    @Test
    void neverChoosesLoopbackOrADownInterface() {
        assertThat(NetworkAddresses.choose(List.of(LOOPBACK, DOWN), "")).isEmpty();
    }

    @Test
    void choosesByInterfaceNameNotByListingOrder() {
        assertThat(NetworkAddresses.choose(List.of(ETH1, LOOPBACK, ETH0), "")).contains("172.18.0.5");
        assertThat(NetworkAddresses.choose(List.of(ETH0, ETH1), "")).contains("172.18.0.5");
    }

    @Test
    void thePreferredInterfaceWins() {
        assertThat(NetworkAddresses.choose(List.of(ETH0, ETH1), "eth1")).contains("10.0.9.3");
    }

    @Test
    void anAbsentPreferredInterfaceFallsBackToTheRule() {
        assertThat(NetworkAddresses.choose(List.of(ETH1, ETH0), "wlan0")).contains("172.18.0.5");
    }

    @Test
    void onTheHostsNetworkTheContainerRuntimesBridgesComeLast() {
        var docker0 = new InterfaceAddress("docker0", "172.17.0.1", false, true);
        var bridge = new InterfaceAddress("br-5f2a", "172.18.0.1", false, true);
        var veth = new InterfaceAddress("veth1a2b", "10.1.0.1", false, true);
        var host = new InterfaceAddress("enp0s3", "192.0.2.2", false, true);
        assertThat(NetworkAddresses.choose(List.of(docker0, bridge, veth, host), "")).contains("192.0.2.2");
        assertThat(NetworkAddresses.choose(List.of(docker0, bridge), "")).as("nothing else: one of them")
                .contains("172.18.0.1");
    }

    @Test
    void ipv4BeforeIpv6AndNeverALinkLocalAddress() {
        var v6 = new InterfaceAddress("eth0", "fd00:1::5", false, true);
        var v6LinkLocal = new InterfaceAddress("eth0", "fe80::42:acff:fe12:5", false, true);
        var v4LinkLocal = new InterfaceAddress("eth1", "169.254.3.4", false, true);
        assertThat(NetworkAddresses.choose(List.of(v6, ETH1), "")).contains("10.0.9.3");
        assertThat(NetworkAddresses.choose(List.of(v6LinkLocal, v4LinkLocal, v6), "")).as("an IPv6-only network")
                .contains("fd00:1::5");
    }
}
