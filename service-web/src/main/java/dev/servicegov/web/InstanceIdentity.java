package dev.servicegov.web;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.List;
import java.util.function.Supplier;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.stereotype.Component;

/**
 * Who this instance is: its service name, instance id, hostname and reachable address. The address is read again
 * when a few seconds old, so that it follows {@code docker network connect} and {@code disconnect}.
 */
@Component
public class InstanceIdentity {

    private final String service;
    private final String instanceId;
    private final String hostname;
    private final String preferredInterface;
    private final Supplier<List<NetworkAddresses.InterfaceAddress>> addresses;
    private final long rereadAfterNanos;
    private volatile Chosen chosen;

    private record Chosen(String ip, long atNanos) {
    }

    @Autowired
    public InstanceIdentity(ServiceWebProperties properties) {
        this(properties, localHostname(), NetworkAddresses::ofThisHost, Duration.ofSeconds(5));
    }

    InstanceIdentity(ServiceWebProperties properties, String hostname, List<NetworkAddresses.InterfaceAddress> addresses) {
        this(properties, hostname, () -> addresses, Duration.ofSeconds(5));
    }

    InstanceIdentity(ServiceWebProperties properties, String hostname,
            Supplier<List<NetworkAddresses.InterfaceAddress>> addresses, Duration rereadAfter) {
        this.service = properties.serviceName();
        this.hostname = hostname;
        this.instanceId = properties.instanceId().isEmpty() ? service + "-" + hostname : properties.instanceId();
        this.preferredInterface = properties.preferredInterface();
        this.addresses = addresses;
        this.rereadAfterNanos = rereadAfter.toNanos();
    }

    public String service() {
        return service;
    }

    public String instanceId() {
        return instanceId;
    }

    public String hostname() {
        return hostname;
    }

    public String ip() {
        Chosen current = chosen;
        long now = System.nanoTime();
        if (current == null || now - current.atNanos() >= rereadAfterNanos) {
            current = new Chosen(NetworkAddresses.choose(addresses.get(), preferredInterface).orElse("127.0.0.1"), now);
            chosen = current;
        }
        return current.ip();
    }

    private static String localHostname() {
        String fromEnvironment = System.getenv("HOSTNAME");
        if (fromEnvironment != null && !fromEnvironment.isBlank()) {
            return fromEnvironment;
        }
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (UnknownHostException e) {
            return "unknown-host";
        }
    }
}
