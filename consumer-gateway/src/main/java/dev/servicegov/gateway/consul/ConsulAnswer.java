package dev.servicegov.gateway.consul;

/**
 * One answer of Consul's HTTP API to a (blocking) query.
 *
 * @param value what was asked for
 * @param index the {@code X-Consul-Index} header, 0 when missing
 * @param knownLeader the {@code X-Consul-KnownLeader} header: false while the answering server knows no leader
 */
public record ConsulAnswer<T>(T value, long index, boolean knownLeader) {
}
