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
}
