package dev.servicegov.gateway.consul;

/** What the gateway can tell about a service name from Consul's catalog. */
public enum CatalogPresence {

    /** The catalog has the service, healthy or not. */
    LISTED,

    /** Consul answered, and its catalog has no such service. */
    NOT_LISTED,

    /** Consul's catalog has no such service now, but listed it until a moment ago: its last instance left. */
    DEPARTED,

    /** Neither the last known catalog has it nor could Consul be asked: whether it exists is not known. */
    CONSUL_UNREACHABLE,

    /** The gateway is set not to route the service ({@code gateway.hidden-services}), whether Consul has it or not. */
    HIDDEN;

    public static CatalogPresence of(boolean listed) {
        return listed ? LISTED : NOT_LISTED;
    }
}
