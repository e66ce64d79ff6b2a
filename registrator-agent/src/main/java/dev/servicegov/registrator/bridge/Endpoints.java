package dev.servicegov.registrator.bridge;

/** Where a container's port is registered, by mode: host network, internal (a container address) or published. */
final class Endpoints {

    /** Where a port is registered: the address and port Consul hands out, and the rule that chose the address. */
    record Endpoint(String address, int port, String rule) {
    }

    private Endpoints() {
    }

    /** The address from {@code registrator.use-ip-from-label}, else the host's for host-network containers and published mode. */
    static String fixedAddress(ContainerInfo container, MappingContext context) {
        String fromLabel = labelAddress(container, context);
        if (fromLabel != null) {
            return fromLabel;
        }
        return container.hostNetwork() || !context.internal() ? blankToNull(context.hostIp()) : null;
    }

    /**
     * The address the {@code useIpFromLabel} label gives, without the prefix length a CIDR value ends with (Rancher's
     * {@code io.rancher.container.ip=10.42.1.2/16}), as registrator read it.
     */
    static String labelAddress(ContainerInfo container, MappingContext context) {
        String value = context.ipLabel() == null ? null : blankToNull(container.labels().get(context.ipLabel()));
        int slash = value == null ? -1 : value.lastIndexOf('/');
        return slash < 0 ? value : blankToNull(value.substring(0, slash));
    }

    /**
     * The port's endpoint, or {@code null} when it has none: published mode and the port not published (or the host's
     * address unknown), or internal mode and no address chosen.
     */
    static Endpoint of(ContainerInfo container, MappingContext context, ContainerInfo.PortSpec port,
            String fixed, String fixedRule, AddressChooser.Choice own) {
        if (container.hostNetwork()) {
            return new Endpoint(fixed, port.port(), fixedRule);
        }
        if (context.internal()) {
            if (fixed != null) {
                return new Endpoint(fixed, port.port(), fixedRule);
            }
            return own == null ? null : new Endpoint(own.address(), port.port(), own.rule());
        }
        if (port.hostPort() == null) {
            return null;
        }
        if (specific(port.hostIp()) && labelAddress(container, context) == null) {
            return new Endpoint(port.hostIp(), port.hostPort(), "published host IP");
        }
        return fixed == null ? null : new Endpoint(fixed, port.hostPort(), fixedRule);
    }

    static boolean specific(String hostIp) {
        return hostIp != null && !hostIp.isBlank() && !hostIp.equals("0.0.0.0") && !hostIp.equals("::");
    }

    private static String blankToNull(String text) {
        return text == null || text.isBlank() ? null : text.trim();
    }
}
