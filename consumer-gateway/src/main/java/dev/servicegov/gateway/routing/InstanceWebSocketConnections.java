package dev.servicegov.gateway.routing;

import java.time.Duration;

import reactor.netty.resources.ConnectionProvider;

/**
 * The connections of the WebSockets carried to instances. Reactor Netty keeps a pool per remote address for good
 * unless told to dispose of inactive ones, and every redeployment's instances come with addresses of their own.
 */
public final class InstanceWebSocketConnections {

    /** How long the pool of an address with no connection is kept, and how often such pools are looked for. */
    static final Duration INACTIVE_POOL_LIFETIME = Duration.ofMinutes(1);

    private InstanceWebSocketConnections() {
    }

    public static ConnectionProvider provider() {
        return provider(INACTIVE_POOL_LIFETIME);
    }

    static ConnectionProvider provider(Duration inactivePoolLifetime) {
        return ConnectionProvider.builder("websockets-to-instances")
                .disposeInactivePoolsInBackground(inactivePoolLifetime, inactivePoolLifetime)
                .build();
    }
}
