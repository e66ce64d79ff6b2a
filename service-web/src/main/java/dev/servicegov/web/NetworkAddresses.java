package dev.servicegov.web;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.NetworkInterface;
import java.net.SocketException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/** Finds the address other containers reach this one on. */
public final class NetworkAddresses {

    /**
     * Interfaces a container runtime or a virtual network makes on a host: on the host's network ({@code --network
     * host}) their addresses are the host's own end of other networks, not where other hosts reach it.
     */
    private static final List<String> VIRTUAL_PREFIXES = List.of("docker", "br-", "veth", "virbr", "cni", "flannel",
            "cali", "weave", "vxlan", "kube-");

    /** One address of one interface, as the operating system reports it (IPv6 without its zone). */
    public record InterfaceAddress(String interfaceName, String address, boolean loopback, boolean up) {

        boolean ipv6() {
            return address.contains(":");
        }

        boolean linkLocal() {
            return address.startsWith("169.254.") || address.toLowerCase(java.util.Locale.ROOT).startsWith("fe80:");
        }

        boolean virtualInterface() {
            return VIRTUAL_PREFIXES.stream().anyMatch(interfaceName::startsWith);
        }
    }

    private NetworkAddresses() {
    }

    /**
     * The preferred interface's address if it has one; else, of the interfaces that are up, not loopback, with an
     * address that is not link-local: IPv4 before IPv6, then interfaces other than a container runtime's bridges
     * ({@code docker0}, {@code br-*}, {@code veth*}...), then by interface name, so that the answer never depends on
     * the order the operating system lists interfaces in.
     */
    public static Optional<String> choose(List<InterfaceAddress> addresses, String preferredInterface) {
        List<InterfaceAddress> usable = addresses.stream()
                .filter(address -> address.up() && !address.loopback() && !address.linkLocal())
                .sorted(Comparator.comparing(InterfaceAddress::ipv6)
                        .thenComparing(InterfaceAddress::virtualInterface)
                        .thenComparing(InterfaceAddress::interfaceName)
                        .thenComparing(InterfaceAddress::address))
                .toList();
        return usable.stream()
                .filter(address -> address.interfaceName().equals(preferredInterface))
                .findFirst()
                .or(() -> usable.stream().findFirst())
                .map(InterfaceAddress::address);
    }

    /** The IPv4 and IPv6 addresses of this machine's (or container's) interfaces. */
    public static List<InterfaceAddress> ofThisHost() {
        List<InterfaceAddress> result = new ArrayList<>();
        try {
            for (NetworkInterface networkInterface : Collections.list(NetworkInterface.getNetworkInterfaces())) {
                for (InetAddress address : Collections.list(networkInterface.getInetAddresses())) {
                    if (address instanceof Inet4Address || address instanceof Inet6Address) {
                        String text = address.getHostAddress();
                        int zone = text.indexOf('%');
                        result.add(new InterfaceAddress(networkInterface.getName(), zone < 0 ? text : text.substring(0, zone),
                                networkInterface.isLoopback(), networkInterface.isUp()));
                    }
                }
            }
        } catch (SocketException e) {
            throw new IllegalStateException("cannot list the network interfaces: " + e.getMessage(), e);
        }
        return result;
    }
}
