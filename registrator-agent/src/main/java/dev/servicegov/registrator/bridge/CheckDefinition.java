package dev.servicegov.registrator.bridge;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A Consul health check of one service.
 *
 * @param type {@code http}, {@code tcp}, {@code ttl}, {@code script}, {@code grpc} or {@code docker} (a TTL check
 *     that carries the container's Docker HEALTHCHECK verdict)
 * @param target URL for http; {@code host:port} for tcp; {@code host:port[/service]} for grpc; the shell command
 *     for script; the TTL (Consul duration) for ttl and docker
 * @param interval Consul duration, e.g. {@code 2s} ({@code null} for ttl and docker)
 * @param timeout Consul duration ({@code null} for ttl and docker)
 * @param deregisterCriticalServiceAfter Consul duration, or {@code null} for never
 * @param status initial status ({@code passing}, {@code warning}, {@code critical}), for docker the current verdict;
 *     {@code null}: Consul's default
 * @param method HTTP method of an http check, or {@code null} (GET)
 * @param tlsSkipVerify whether an http(s) or grpc check skips TLS verification
 * @param refresh for ttl and docker checks: how often the agent re-sends {@code status} to Consul (Consul duration),
 *     {@code null} for never
 * @param grpcUseTls whether a grpc check talks TLS to the service
 * @param headers the request headers of an http check, each name with its values, in the order given; empty for none
 */
public record CheckDefinition(String type, String target, String interval, String timeout,
        String deregisterCriticalServiceAfter, String status, String method, boolean tlsSkipVerify, String refresh,
        boolean grpcUseTls, Map<String, List<String>> headers) {

    public CheckDefinition {
        Map<String, List<String>> copy = new LinkedHashMap<>();
        if (headers != null) {
            headers.forEach((name, values) -> copy.put(name, List.copyOf(values)));
        }
        headers = Collections.unmodifiableMap(copy);
    }

    public CheckDefinition(String type, String target, String interval, String timeout,
            String deregisterCriticalServiceAfter, String status, String method, boolean tlsSkipVerify, String refresh,
            boolean grpcUseTls) {
        this(type, target, interval, timeout, deregisterCriticalServiceAfter, status, method, tlsSkipVerify, refresh,
                grpcUseTls, Map.of());
    }

    public CheckDefinition(String type, String target, String interval, String timeout,
            String deregisterCriticalServiceAfter, String status, String method, boolean tlsSkipVerify,
            String refresh) {
        this(type, target, interval, timeout, deregisterCriticalServiceAfter, status, method, tlsSkipVerify, refresh,
                false);
    }

    public CheckDefinition(String type, String target, String interval, String timeout, String deregisterCriticalServiceAfter) {
        this(type, target, interval, timeout, deregisterCriticalServiceAfter, null, null, false, null);
    }

    /** Whether Consul expects the status to be pushed (a TTL check). */
    public boolean isTtl() {
        return "ttl".equals(type) || "docker".equals(type);
    }

    /** The same check with another status. */
    public CheckDefinition withStatus(String newStatus) {
        return new CheckDefinition(type, target, interval, timeout, deregisterCriticalServiceAfter, newStatus, method,
                tlsSkipVerify, refresh, grpcUseTls, headers);
    }

    /** The same check, removing its service after another time critical, or never ({@code null}). */
    public CheckDefinition withDeregisterCriticalServiceAfter(String after) {
        return new CheckDefinition(type, target, interval, timeout, after, status, method, tlsSkipVerify, refresh, grpcUseTls,
                headers);
    }

    /** The same check on another target. */
    public CheckDefinition withTarget(String newTarget) {
        return new CheckDefinition(type, newTarget, interval, timeout, deregisterCriticalServiceAfter, status, method,
                tlsSkipVerify, refresh, grpcUseTls, headers);
    }

    /** The same check with other request headers. */
    public CheckDefinition withHeaders(Map<String, List<String>> newHeaders) {
        return new CheckDefinition(type, target, interval, timeout, deregisterCriticalServiceAfter, status, method,
                tlsSkipVerify, refresh, grpcUseTls, newHeaders);
    }
}
