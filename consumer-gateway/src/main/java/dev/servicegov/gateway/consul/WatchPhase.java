package dev.servicegov.gateway.consul;

import org.springframework.context.SmartLifecycle;

/** When the Consul watches start and stop among the application's {@link SmartLifecycle} beans. */
public final class WatchPhase {

    /**
     * Below Spring Boot's web server phases (graceful shutdown at {@code DEFAULT_PHASE - 1024}, start and stop at
     * {@code DEFAULT_PHASE - 2048}): the watches start before the first request is served and stop only once the
     * server has drained the requests in flight and stopped. At the default phase they stopped first, so the requests
     * and retries of the drain found no watch and started new ones that nothing stopped.
     */
    public static final int PHASE = SmartLifecycle.DEFAULT_PHASE - 4096;

    private WatchPhase() {
    }
}
