package dev.servicegov.registrator.config;

import java.net.URI;
import java.time.Duration;

import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Settings of the registrator agent. Every one can be set by environment variable, for example
 * REGISTRATOR_CONSUL_URI or REGISTRATOR_RESYNC_INTERVAL.
 *
 * @param consulUri base URI of the local Consul agent's HTTP API: http://host:port,
 *     https://host:port or consul://host:port (same as http)
 * @param consulToken ACL token sent to Consul as X-Consul-Token; by default the file
 *     /run/secrets/consul-token (the secure overlay mounts it), else CONSUL_HTTP_TOKEN, else none
 * @param dockerHost Docker engine endpoint, e.g. unix:///var/run/docker.sock or
 *     tcp://127.0.0.1:2375; when unset, DOCKER_HOST, else unix:///var/run/docker.sock
 * @param network name of the Docker network whose container IP is registered; when unset (or the
 *     container is not on it) the first of the container's networks in name order
 * @param hostname node name used as first part of every service ID; when unset the Docker engine's name
 * @param resyncInterval how often the registered services are fully reconciled with the running containers
 * @param deregisterCriticalServiceAfter Consul removes a service whose check stays critical this long
 * @param defaultCheckInterval check interval when a container sets no SERVICE_CHECK_INTERVAL
 * @param defaultCheckTimeout check timeout when a container sets no SERVICE_CHECK_TIMEOUT
 * @param dockerConnectAttempts how many times to try reaching the Docker engine at start before giving up
 * @param dockerConnectDelay pause between two attempts to reach the Docker engine at start
 * @param containerLabel when set, only containers carrying this label (key or key=value)
 *     are registered; unset: every container
 * @param maxRetryBackoff longest pause between two retries of a failed Consul write or a Docker event stream reconnect
 */
@Validated
@ConfigurationProperties("registrator")
public record RegistratorProperties(
        @NotNull @DefaultValue("http://127.0.0.1:8500") URI consulUri,
        String consulToken,
        String dockerHost,
        String network,
        String hostname,
        String containerLabel,
        @NotNull @DefaultValue("30s") Duration resyncInterval,
        @NotNull @DefaultValue("1m") Duration deregisterCriticalServiceAfter,
        @NotNull @DefaultValue("2s") Duration defaultCheckInterval,
        @NotNull @DefaultValue("1s") Duration defaultCheckTimeout,
        @Min(1) @DefaultValue("5") int dockerConnectAttempts,
        @NotNull @DefaultValue("2s") Duration dockerConnectDelay,
        @NotNull @DefaultValue("30s") Duration maxRetryBackoff) {

    /** The Docker endpoint to use: the property, else DOCKER_HOST, else the local socket. */
    public String effectiveDockerHost(String dockerHostEnv) {
        if (dockerHost != null && !dockerHost.isBlank()) {
            return dockerHost.trim();
        }
        if (dockerHostEnv != null && !dockerHostEnv.isBlank()) {
            return dockerHostEnv.trim();
        }
        return "unix:///var/run/docker.sock";
    }
}
