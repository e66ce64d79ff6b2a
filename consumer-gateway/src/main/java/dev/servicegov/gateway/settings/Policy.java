package dev.servicegov.gateway.settings;

/** The load-balancing policies a service can be given ({@code round-robin}, {@code random}, ...). */
public enum Policy {
    /** Each healthy instance in turn. */
    ROUND_ROBIN,
    /** A uniformly random healthy instance. */
    RANDOM,
    /** Smooth weighted round robin, weights from the instances' Consul meta ({@code gateway.weight-meta-key}). */
    WEIGHTED,
    /** The instance with the fewest requests in flight from this gateway (ties in turn). */
    LEAST_REQUESTS,
    /** Two random instances, the one with fewer requests in flight. */
    POWER_OF_TWO,
    /** The same instance for the same sticky header or cookie value (rendezvous hashing); round robin without one. */
    STICKY
}
