package dev.servicegov.registrator.bridge;

/**
 * Agent-wide inputs of the mapping.
 *
 * @param nodeName first part of every service id (the Docker engine's name)
 * @param preferredNetwork network whose IP is registered, or {@code null}
 * @param defaultInterval default check interval (Consul duration)
 * @param defaultTimeout default check timeout (Consul duration)
 * @param deregisterAfter Consul's DeregisterCriticalServiceAfter (Consul duration)
 * @param selfId the agent's own container id or its prefix (the container's hostname), or {@code null}
 */
public record MappingContext(String nodeName, String preferredNetwork, String defaultInterval,
        String defaultTimeout, String deregisterAfter, String selfId) {
}
