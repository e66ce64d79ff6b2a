package dev.servicegov.registrator.bridge;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * Which of a container's own addresses is registered for a port, never by map order (registrator #291, #498, #529,
 * #596). The network is, first match wins: {@code SERVICE_<port>_NETWORK} / {@code SERVICE_NETWORK}; else
 * {@code registrator.network}; else a network the container shares with the Consul agent (the first by name if
 * several); else the container's first network by name, with a warning when the agent is a container on none of
 * the container's networks. A named network the container has no address on is warned about and the next rule
 * applies. The address is IPv4 unless {@code SERVICE_IP_VERSION} (else {@code registrator.ip-version}) is 6; a
 * container with no address of the asked family is registered with one of the other (with a warning when IPv6 was
 * asked for).
 */
final class AddressChooser {

    static final String NETWORK_KEY = "NETWORK";
    static final String IP_VERSION_KEY = "IP_VERSION";

    private AddressChooser() {
    }

    /**
     * The address and the rule that chose it, e.g. {@code label SERVICE_NETWORK}.
     *
     * @param address the container's IP on the chosen network
     * @param rule which setting or rule chose the network
     */
    record Choice(String address, String rule) {
    }

    /** The address for a port with these settings, or {@code null} when the container has none. */
    static Choice choose(ContainerInfo container, Attributes attributes, MappingContext context, List<String> warnings) {
        int version = ipVersion(container, attributes, context, warnings);
        Map<String, String> candidates = version == 6 ? container.ipv6Networks() : container.networks();
        String family = version == 6 ? "IPv6" : "IPv4";
        if (candidates.isEmpty() && version == 6 && !container.networks().isEmpty()) {
            warnOnce(warnings, CheckMapper.describe(container) + ": has no IPv6 address on its networks "
                    + container.networkNames() + " but IP version 6 is asked for (SERVICE_IP_VERSION or registrator.ip-version); "
                    + "registering its IPv4 address; for IPv6 attach it to a network created with --ipv6");
            candidates = container.networks();
            family = "IPv4";
        } else if (candidates.isEmpty()) {
            // a network with IPv6 only (no IPv4 address): its IPv6 address is all there is
            candidates = container.ipv6Networks();
            family = "IPv6";
        }
        if (candidates.isEmpty()) {
            return null;
        }
        Attributes.Setting label = attributes.get(NETWORK_KEY);
        if (label != null && !label.value().isEmpty()) {
            Choice named = named(container, candidates, family, label.value(), label.source(),
                    "registrator.network, the network shared with the Consul agent or the first by name", warnings);
            if (named != null) {
                return named;
            }
        }
        String global = context.preferredNetwork();
        if (global != null && !global.isBlank()) {
            Choice named = named(container, candidates, family, global.trim(), "registrator.network",
                    "the network shared with the Consul agent or the first by name", warnings);
            if (named != null) {
                return named;
            }
        }
        Optional<String> shared = new TreeSet<>(candidates.keySet()).stream().filter(context.agentNetworks()::contains).findFirst();
        if (shared.isPresent()) {
            return new Choice(candidates.get(shared.get()), "network " + shared.get() + " shared with the Consul agent");
        }
        String first = new TreeSet<>(candidates.keySet()).first();
        warnIfTheAgentMayNotReachIt(container, context.agentNetworks(), first, warnings);
        return new Choice(candidates.get(first), "first network by name (" + first + ")");
    }

    /**
     * A container on none of the Consul agent's networks is registered at an address the agent's checks may not reach
     * (Docker isolates bridge networks from each other), and so is never passing. An agent on the host's network
     * reaches every bridge; an agent that is not a container of this engine has no networks to compare.
     */
    private static void warnIfTheAgentMayNotReachIt(ContainerInfo container, Set<String> agentNetworks, String chosen,
            List<String> warnings) {
        // with IPv6 asked for, a container on the agent's IPv4-only network falls to this rule too: it shares one
        if (agentNetworks.isEmpty() || agentNetworks.contains("host")
                || !Collections.disjoint(container.networkNames(), agentNetworks)) {
            return;
        }
        warnOnce(warnings, CheckMapper.describe(container) + ": shares no network with the Consul agent (it is on "
                + container.networkNames() + ", the agent on " + new TreeSet<>(agentNetworks) + "); registering its address on "
                + chosen + ", which the agent's checks may not reach, so it may never pass; connect it to one of the agent's "
                + "networks (docker network connect, or networks: in compose), or name a reachable one with SERVICE_NETWORK");
    }

    private static Choice named(ContainerInfo container, Map<String, String> candidates, String family, String network,
            String source, String next, List<String> warnings) {
        String ip = candidates.get(network);
        if (ip != null) {
            return new Choice(ip, source);
        }
        warnOnce(warnings, CheckMapper.describe(container) + ": " + source + "='" + network + "' names a network it has no "
                + family + " address on; it is on " + container.networkNames()
                + "; connect it to that network or name one of those; using " + next);
        return null;
    }

    private static int ipVersion(ContainerInfo container, Attributes attributes, MappingContext context, List<String> warnings) {
        String value = attributes.value(IP_VERSION_KEY);
        if (value == null) {
            return context.ipVersion();
        }
        switch (value.toLowerCase(Locale.ROOT)) {
            case "4", "ipv4" -> {
                return 4;
            }
            case "6", "ipv6" -> {
                return 6;
            }
            default -> {
                List<String> mine = new ArrayList<>();
                CheckMapper.warn(mine, container, attributes.get(IP_VERSION_KEY), "4 or 6", "using " + context.ipVersion());
                mine.forEach(warning -> warnOnce(warnings, warning));
                return context.ipVersion();
            }
        }
    }

    /** Several ports share the container's settings: one warning each, not one per port. */
    private static void warnOnce(List<String> warnings, String warning) {
        if (!warnings.contains(warning)) {
            warnings.add(warning);
        }
    }
}
