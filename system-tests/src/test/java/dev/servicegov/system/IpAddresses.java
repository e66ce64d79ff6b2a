package dev.servicegov.system;

import java.net.InetAddress;
import java.net.UnknownHostException;

/** Comparing container addresses: which network they lie in, and their order in it. */
final class IpAddresses {

    private IpAddresses() {
    }

    /** Whether the address lies in the subnet, given as {@code address/bits}. */
    static boolean inSubnet(String ip, String subnet) {
        String[] parts = subnet.split("/");
        byte[] base = bytes(parts[0]);
        byte[] address = bytes(ip);
        if (base.length != address.length) {
            return false;
        }
        int bits = Integer.parseInt(parts[1]);
        for (int i = 0; i < bits; i++) {
            int mask = 0x80 >> (i % 8);
            if ((base[i / 8] & mask) != (address[i / 8] & mask)) {
                return false;
            }
        }
        return true;
    }

    /** An IPv4 address as a number, to compare addresses by their place in the network. */
    static long numeric(String ipv4) {
        long value = 0;
        for (byte part : bytes(ipv4)) {
            value = value << 8 | (part & 0xff);
        }
        return value;
    }

    /** The address's bytes, network order; fails on anything but an IP address. */
    private static byte[] bytes(String ip) {
        try {
            return InetAddress.getByName(ip).getAddress();
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException("not an IP address: " + ip, e);
        }
    }
}
