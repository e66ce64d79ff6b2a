package dev.servicegov.gateway.lifetime;

import java.util.Set;

/** State the gateway keeps per service, which is to last no longer than the service does. */
public interface PerServiceState {

    /** The services it holds state for now. */
    Set<String> services();

    /** Lets go of all it holds for the service: using the service again builds it afresh. */
    void release(String service);

    /** Drops what outlived a lifetime of its own within the services it holds (the meters of an instance gone). */
    default void expire() {
    }
}
