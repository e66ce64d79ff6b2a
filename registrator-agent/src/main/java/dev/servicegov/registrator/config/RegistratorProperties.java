package dev.servicegov.registrator.config;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.function.Predicate;

import dev.servicegov.registrator.registry.RegistryUri;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.ConstructorBinding;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.boot.convert.DurationStyle;

/**
 * Settings of the registrator agent. Every one can be set by environment variable, for example
 * REGISTRATOR_REGISTRY_URI or REGISTRATOR_RESYNC_INTERVAL.
 *
 * @param registryUri where services are registered, chosen by scheme (registrator's registry URI argument):
 *     consul://host:port or http://host:port (the local Consul agent), https://host:port or consul-tls://host:port
 *     (the agent over TLS), consul-unix:///path/to/consul.sock (the agent's unix socket), consulkv://host:port/prefix
 *     (Consul's key-value store), etcd://host:port/prefix (etcd's v3 API, keys bound to a lease)
 * @param kvFormat what a service's key holds in the key-value backends (consulkv, etcd): plain (default,
 *     registrator's ip:port) or json (a document with id, name, address, port, tags and meta)
 * @param consulToken ACL token sent to Consul (agent and KV) as X-Consul-Token; by default the file
 *     /run/secrets/consul-token (the secure overlay mounts it), else CONSUL_HTTP_TOKEN, else none
 * @param dockerHost Docker engine endpoint, e.g. unix:///var/run/docker.sock or
 *     tcp://127.0.0.1:2375; when unset, DOCKER_HOST, else unix:///var/run/docker.sock (or /tmp/docker.sock, where
 *     registrator's image had it, when only that one exists)
 * @param network name of the Docker network whose container IP is registered unless the container sets
 *     SERVICE_NETWORK / SERVICE_(port)_NETWORK; when unset (or the container is not on it, which is warned about) a
 *     network the container shares with the Consul agent, else its first network in name order
 * @param hostname node name used as first part of every service ID; when unset the Docker engine's name
 * @param resyncInterval how often the registered services are fully reconciled with the running containers; 0: never,
 *     else at least 1s
 * @param deregister when services leave Consul as their container stops: always (default), or on-success: only
 *     when it exits with code 0 or was ended by a signal (128 + its number: docker stop, docker kill), else when the
 *     container is removed or started again (registrator -deregister)
 * @param deregisterCriticalServiceAfter Consul removes a service whose check stays critical this long
 * @param defaultCheckInterval check interval when a container sets no SERVICE_CHECK_INTERVAL
 * @param defaultCheckTimeout check timeout when a container sets no SERVICE_CHECK_TIMEOUT
 * @param dockerConnectAttempts how many times to try reaching the Docker engine at start before giving up
 * @param dockerConnectDelay pause between two attempts to reach the Docker engine at start
 * @param containerLabel when set, only containers carrying this label (key or key=value)
 *     are registered; unset: every container
 * @param maxRetryBackoff longest pause between two retries of a failed Consul write or a Docker event stream reconnect
 * @param ip the host's address (registrator -ip): registered in published mode (internal=false) and for containers
 *     on the host's network; unset: those need a port published on a specific host IP, or are skipped with a warning
 * @param internal true (default, registrator -internal): the container's IP and exposed port; false (published
 *     mode): the host's IP and the published host port, ports that are not published are not registered
 * @param explicit only ports whose container sets SERVICE_NAME or SERVICE_(port)_NAME are registered (registrator -explicit)
 * @param tags tags added to every registered service (registrator -tags)
 * @param ttl when set, services whose container sets no check get a Consul TTL check this long instead of the TCP
 *     check, kept passing by the agent while the container runs (registrator -ttl); with etcd: the lease TTL
 *     (default 30s), renewed every third of it
 * @param ttlRefresh how often the agent passes those TTL checks (default half the ttl), and the SERVICE_CHECK_TTL
 *     checks whose container sets SERVICE_CHECK_TTL_REFRESH=true (registrator -ttl-refresh)
 * @param cleanup remove services this agent's node owns in Consul but no running container calls for, e.g. left
 *     by an earlier run (default true; registrator -cleanup)
 * @param retryAttempts how many more times to ask the registry at start, after a first try it did not answer, before
 *     the start fails (registrator -retry-attempts, whose default is 0: one try); -1: for ever. Default 10
 * @param retryInterval pause between two of those attempts, and the first pause before retrying a failed write
 *     (registrator -retry-interval)
 * @param useIpFromLabel name of a container label whose value is the address to register, without a CIDR suffix
 *     (registrator -useIpFromLabel)
 * @param agentWatchInterval how often the Consul agent's service list is read to put back services it lost
 *     (agent restarted or wiped); 0 turns it off
 * @param ipVersion 4 (default) or 6: which of a container's addresses is registered unless it sets SERVICE_IP_VERSION;
 *     6 needs networks created with IPv6 enabled (a container without an IPv6 address is registered with its IPv4 one)
 * @param registryContainer name or id of the Consul agent's container, whose networks are preferred for containers on
 *     several networks; unset: the container whose name or IP address the host of the Consul URI is (found at start
 *     and on network events); set it when the URI does not lead to the container, e.g. 127.0.0.1 with a published port
 * @param registrySslBundle name of the Spring Boot SSL bundle whose trust material verifies the Consul agent's
 *     certificate for https:// and consul-tls:// registry URIs, e.g. consul with
 *     spring.ssl.bundle.pem.consul.truststore.certificate=file:/run/consul-ca/ca.pem; unset: registrator's CONSUL_CACERT,
 *     CONSUL_TLSCERT and CONSUL_TLSKEY for a TLS URI, else the JVM's trust store
 */
// @param deregister stays above @param deregisterCriticalServiceAfter: the configuration processor takes a parameter's
// description from the first "@param <name>" in the comment, also when it is the start of a longer name
@ConfigurationProperties("registrator")
public record RegistratorProperties(
        @DefaultValue("http://127.0.0.1:8500") URI registryUri,
        String consulToken,
        String dockerHost,
        String network,
        String hostname,
        String containerLabel,
        @DefaultValue("30s") Duration resyncInterval,
        @DefaultValue("1m") Duration deregisterCriticalServiceAfter,
        @DefaultValue("2s") Duration defaultCheckInterval,
        @DefaultValue("1s") Duration defaultCheckTimeout,
        @DefaultValue("5") int dockerConnectAttempts,
        @DefaultValue("2s") Duration dockerConnectDelay,
        @DefaultValue("30s") Duration maxRetryBackoff,
        String ip,
        @DefaultValue("true") boolean internal,
        @DefaultValue("false") boolean explicit,
        @DefaultValue List<String> tags,
        Duration ttl,
        Duration ttlRefresh,
        @DefaultValue("always") DeregisterMode deregister,
        @DefaultValue("true") boolean cleanup,
        @DefaultValue("10") int retryAttempts,
        @DefaultValue("1s") Duration retryInterval,
        String useIpFromLabel,
        @DefaultValue("1s") Duration agentWatchInterval,
        @DefaultValue("4") int ipVersion,
        String registryContainer,
        @DefaultValue("plain") KvFormat kvFormat,
        String registrySslBundle) {

    /** When a stopped container's services leave Consul. */
    public enum DeregisterMode {
        /** whenever the container stops. */
        ALWAYS,
        /** only when it exits with code 0 or a signal ended it. */
        ON_SUCCESS
    }

    /** What a service's key holds in the key-value backends. */
    public enum KvFormat {
        /** {@code ip:port}, as registrator writes it. */
        PLAIN,
        /** a JSON document with id, name, address, port, tags and meta. */
        JSON
    }

    @ConstructorBinding
    public RegistratorProperties {
        // checked here rather than with Bean Validation, which would load some 500 more classes (memory)
        require(registryUri != null, "registry-uri", null, "must be set, e.g. consul://consul-agent:8500");
        RegistryUri parsed = RegistryUri.parse(registryUri); // its message names the property, the value and the supported schemes
        registrySslBundle = registrySslBundle == null || registrySslBundle.isBlank() ? null : registrySslBundle.strip();
        require(registrySslBundle == null || parsed.tls(), "registry-ssl-bundle", null,
                "is set ('" + registrySslBundle + "') but registrator.registry-uri '" + registryUri
                        + "' is not TLS: use https://host:port or consul-tls://host:port, or unset the bundle");
        requireNotNegative("resync-interval", resyncInterval);
        requireNotNegative("deregister-critical-service-after", deregisterCriticalServiceAfter);
        requireNotNegative("default-check-interval", defaultCheckInterval);
        requireNotNegative("default-check-timeout", defaultCheckTimeout);
        requireNotNegative("docker-connect-delay", dockerConnectDelay);
        requireNotNegative("max-retry-backoff", maxRetryBackoff);
        requireNotNegative("retry-interval", retryInterval);
        requireNotNegative("agent-watch-interval", agentWatchInterval);
        requireNotNegative("ttl", ttl);
        requireNotNegative("ttl-refresh", ttlRefresh);
        require(resyncInterval.isZero() || resyncInterval.compareTo(Duration.ofSeconds(1)) >= 0, "resync-interval",
                shown(resyncInterval), "must be 0 (off) or at least 1s, e.g. 60s: a bare number is milliseconds "
                        + "(registrator's -resync 60 was seconds)");
        require(ttl == null || ttl.compareTo(Duration.ofSeconds(1)) >= 0, "ttl", shown(ttl), "must be at least 1s");
        require(ttlRefresh == null || ttlRefresh.compareTo(Duration.ofSeconds(1)) >= 0, "ttl-refresh", shown(ttlRefresh),
                "must be at least 1s: each refresh is a write to the registry");
        require(ttl == null || ttlRefresh == null || ttlRefresh.compareTo(ttl) < 0, "ttl-refresh", shown(ttlRefresh),
                "must be shorter than registrator.ttl (" + shown(ttl) + "), or the checks go critical between refreshes");
        require(dockerConnectAttempts >= 1, "docker-connect-attempts", dockerConnectAttempts, "must be at least 1");
        require(retryAttempts >= -1, "retry-attempts", retryAttempts, "must be -1 (for ever), 0 (one try) or more");
        require(ipVersion == 4 || ipVersion == 6, "ip-version", ipVersion, "must be 4 or 6");
        tags = tags == null ? List.of() : List.copyOf(tags);
        deregister = deregister == null ? DeregisterMode.ALWAYS : deregister;
        retryInterval = retryInterval == null ? Duration.ofSeconds(1) : retryInterval;
        agentWatchInterval = agentWatchInterval == null ? Duration.ofSeconds(1) : agentWatchInterval;
        kvFormat = kvFormat == null ? KvFormat.PLAIN : kvFormat;
    }

    /** Unset stays unset (the default applies); a negative duration never means anything here. */
    private static void requireNotNegative(String property, Duration duration) {
        require(duration == null || !duration.isNegative(), property, shown(duration),
                "must not be negative: 0 or more with a unit, e.g. 30s or 1m");
    }

    /** Fails naming the property, the value it was given (none when unset) and the rule it breaks. */
    private static void require(boolean valid, String property, Object value, String rule) {
        if (!valid) {
            String given = value == null ? "" : " '" + value + "'";
            throw new IllegalArgumentException("registrator." + property + given + " " + rule);
        }
    }

    /** A duration as it is written in a property ({@code 90s}, {@code 1500ms}), not ISO-8601's {@code PT1M30S}. */
    private static String shown(Duration duration) {
        if (duration == null) {
            return null;
        }
        return duration.toNanos() % 1_000_000_000L == 0 ? duration.toSeconds() + "s" : DurationStyle.SIMPLE.print(duration);
    }

    /** These settings, and the registrator-style options at their defaults. */
    public RegistratorProperties(URI registryUri, String consulToken, String dockerHost, String network, String hostname,
            String containerLabel, Duration resyncInterval, Duration deregisterCriticalServiceAfter,
            Duration defaultCheckInterval, Duration defaultCheckTimeout, int dockerConnectAttempts,
            Duration dockerConnectDelay, Duration maxRetryBackoff) {
        this(registryUri, consulToken, dockerHost, network, hostname, containerLabel, resyncInterval,
                deregisterCriticalServiceAfter, defaultCheckInterval, defaultCheckTimeout, dockerConnectAttempts,
                dockerConnectDelay, maxRetryBackoff, null, true, false, List.of(), null, null, DeregisterMode.ALWAYS, true,
                10, Duration.ofSeconds(1), null, Duration.ofSeconds(1), 4, null, KvFormat.PLAIN, null);
    }

    /**
     * The Docker endpoint to use: the property, else DOCKER_HOST, else the local socket: /var/run/docker.sock, or
     * /tmp/docker.sock when only that one is there, where gliderlabs/registrator's documented {@code docker run} mounts
     * it ({@code --volume=/var/run/docker.sock:/tmp/docker.sock}).
     */
    public String effectiveDockerHost(String dockerHostEnv) {
        return effectiveDockerHost(dockerHostEnv, Files::exists);
    }

    String effectiveDockerHost(String dockerHostEnv, Predicate<Path> exists) {
        if (dockerHost != null && !dockerHost.isBlank()) {
            return dockerHost.trim();
        }
        if (dockerHostEnv != null && !dockerHostEnv.isBlank()) {
            return dockerHostEnv.trim();
        }
        boolean registratorsMount = !exists.test(Path.of("/var/run/docker.sock")) && exists.test(Path.of("/tmp/docker.sock"));
        return registratorsMount ? "unix:///tmp/docker.sock" : "unix:///var/run/docker.sock";
    }
}
