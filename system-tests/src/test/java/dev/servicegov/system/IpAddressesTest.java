package dev.servicegov.system;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class IpAddressesTest {

    @Test
    void anAddressIsInTheSubnetWhenItsLeadingBitsMatch() {
        assertThat(IpAddresses.inSubnet("172.31.0.5", "172.31.0.0/16")).isTrue();
        assertThat(IpAddresses.inSubnet("172.30.255.5", "172.31.0.0/16")).isFalse();
        assertThat(IpAddresses.inSubnet("10.0.0.129", "10.0.0.128/25")).isTrue();
        assertThat(IpAddresses.inSubnet("10.0.0.127", "10.0.0.128/25")).isFalse();
    }

    @Test
    void anIpv6AddressIsInNoIpv4SubnetAndTheOtherWayRound() {
        assertThat(IpAddresses.inSubnet("fd00::5", "172.31.0.0/16")).isFalse();
        assertThat(IpAddresses.inSubnet("172.31.0.5", "fd00::/64")).isFalse();
    }

    @Test
    void numbersOrderAddressesAcrossTheirOctets() {
        assertThat(IpAddresses.numeric("172.31.0.255")).isLessThan(IpAddresses.numeric("172.31.1.0"));
        assertThat(IpAddresses.numeric("192.168.0.1")).isEqualTo(0xC0A80001L);
    }
}
