package dev.servicegov.web;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.List;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.stereotype.Component;

/** Who this instance is: its service name, instance id, hostname and reachable IPv4 address. */
@Component
public class InstanceIdentity {

    private final String service;
    private final String instanceId;
    private final String hostname;
    private final String ip;

    @Autowired
    public InstanceIdentity(ServiceWebProperties properties) {
        this(properties, localHostname(), NetworkAddresses.ofThisHost());
    }

    InstanceIdentity(ServiceWebProperties properties, String hostname, List<NetworkAddresses.InterfaceAddress> addresses) {
        this.service = properties.serviceName();
        this.hostname = hostname;
        this.instanceId = properties.instanceId().isEmpty() ? service + "-" + hostname : properties.instanceId();
        this.ip = NetworkAddresses.choose(addresses, properties.preferredInterface()).orElse("127.0.0.1");
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
        return ip;
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
