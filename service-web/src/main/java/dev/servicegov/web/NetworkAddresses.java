package dev.servicegov.web;

import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.NetworkInterface;
import java.net.SocketException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/** Finds the IPv4 address other containers reach this one on. */
public final class NetworkAddresses {

    /** One IPv4 address of one interface, as the operating system reports it. */
    public record InterfaceAddress(String interfaceName, String address, boolean loopback, boolean up) {
    }

    private NetworkAddresses() {
    }

    /**
     * The preferred interface's address if it has one, else the first usable address by interface name,
     * so that the answer never depends on the order the operating system lists interfaces in.
     */
    public static Optional<String> choose(List<InterfaceAddress> addresses, String preferredInterface) {
        List<InterfaceAddress> usable = addresses.stream()
                .filter(address -> address.up() && !address.loopback())
                .sorted(Comparator.comparing(InterfaceAddress::interfaceName).thenComparing(InterfaceAddress::address))
                .toList();
        return usable.stream()
                .filter(address -> address.interfaceName().equals(preferredInterface))
                .findFirst()
                .or(() -> usable.stream().findFirst())
                .map(InterfaceAddress::address);
    }

    /** The IPv4 addresses of this machine's (or container's) interfaces. */
    public static List<InterfaceAddress> ofThisHost() {
        List<InterfaceAddress> result = new ArrayList<>();
        try {
            for (NetworkInterface networkInterface : Collections.list(NetworkInterface.getNetworkInterfaces())) {
                for (InetAddress address : Collections.list(networkInterface.getInetAddresses())) {
                    if (address instanceof Inet4Address) {
                        result.add(new InterfaceAddress(networkInterface.getName(), address.getHostAddress(),
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
