package dev.servicegov.registrator.bridge;

/**
 * A Consul health check of one service.
 *
 * @param type {@code http} or {@code tcp}
 * @param target URL for http, {@code host:port} for tcp
 * @param interval Consul duration, e.g. {@code 2s}
 * @param timeout Consul duration
 * @param deregisterCriticalServiceAfter Consul duration
 */
public record CheckDefinition(String type, String target, String interval, String timeout,
        String deregisterCriticalServiceAfter) {
}
