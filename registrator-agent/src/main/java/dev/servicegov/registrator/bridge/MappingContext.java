package dev.servicegov.registrator.bridge;

import java.util.List;
import java.util.Set;

/**
 * Agent-wide inputs of the mapping.
 *
 * @param nodeName first part of every service id (the Docker engine's name)
 * @param preferredNetwork network whose IP is registered, or {@code null}
 * @param defaultInterval default check interval (Consul duration)
 * @param defaultTimeout default check timeout (Consul duration)
 * @param deregisterAfter Consul's DeregisterCriticalServiceAfter (Consul duration)
 * @param selfId the agent's own container id or its prefix (the container's hostname), or {@code null}
 * @param internal {@code true}: container IP and exposed port; {@code false} (published mode): host IP and
 *     published host port, ports that are not published are skipped
 * @param hostIp the host's address for published mode and host-network containers, or {@code null}
 * @param explicit only ports with a {@code SERVICE_NAME} / {@code SERVICE_<port>_NAME} are registered
 * @param extraTags tags added to every service
 * @param ipLabel name of a container label whose value is the address to register, or {@code null}
 * @param ttl when set, services without a check of their own get a TTL check this long instead of TCP
 * @param ttlRefresh how often the agent passes TTL checks ({@code ttl} ones, and SERVICE_CHECK_TTL ones), or
 *     {@code null}: half the {@code ttl}, and never for SERVICE_CHECK_TTL unless the container asks
 * @param healthTtl TTL of the checks that carry a Docker HEALTHCHECK verdict
 * @param healthRefresh how often that verdict is re-sent to Consul
 * @param agentNetworks the networks of the Consul agent's container (empty when it is not a container of this
 *     engine): a container's address on one of them is preferred to the first by name
 * @param ipVersion 4 or 6: the address family registered unless a container sets {@code SERVICE_IP_VERSION}
 */
public record MappingContext(String nodeName, String preferredNetwork, String defaultInterval,
        String defaultTimeout, String deregisterAfter, String selfId, boolean internal, String hostIp,
        boolean explicit, List<String> extraTags, String ipLabel, String ttl, String ttlRefresh,
        String healthTtl, String healthRefresh, Set<String> agentNetworks, int ipVersion) {

    public MappingContext {
        extraTags = extraTags == null ? List.of() : List.copyOf(extraTags);
        agentNetworks = agentNetworks == null ? Set.of() : Set.copyOf(agentNetworks);
        if (ipVersion != 4 && ipVersion != 6) {
            throw new IllegalArgumentException("ipVersion must be 4 or 6, not " + ipVersion);
        }
    }

    /** IPv4, no Consul agent container known. */
    public MappingContext(String nodeName, String preferredNetwork, String defaultInterval, String defaultTimeout,
            String deregisterAfter, String selfId, boolean internal, String hostIp, boolean explicit, List<String> extraTags,
            String ipLabel, String ttl, String ttlRefresh, String healthTtl, String healthRefresh) {
        this(nodeName, preferredNetwork, defaultInterval, defaultTimeout, deregisterAfter, selfId, internal, hostIp, explicit,
                extraTags, ipLabel, ttl, ttlRefresh, healthTtl, healthRefresh, Set.of(), 4);
    }

    public MappingContext(String nodeName, String preferredNetwork, String defaultInterval, String defaultTimeout,
            String deregisterAfter, String selfId) {
        this(nodeName, preferredNetwork, defaultInterval, defaultTimeout, deregisterAfter, selfId, true, null, false,
                List.of(), null, null, null, "90s", "30s");
    }

    /** The same context with the Consul agent container's networks. */
    public MappingContext withAgentNetworks(Set<String> networks) {
        return new MappingContext(nodeName, preferredNetwork, defaultInterval, defaultTimeout, deregisterAfter, selfId, internal,
                hostIp, explicit, extraTags, ipLabel, ttl, ttlRefresh, healthTtl, healthRefresh, networks, ipVersion);
    }
}
