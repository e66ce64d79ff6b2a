package dev.servicegov.gateway.routing;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Predicate;

import dev.servicegov.gateway.error.OwnPaths;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Which first path segments the gateway forwards to a service: every service of Consul's catalog as last known,
 * healthy or not, so a service stays routable while Consul is unreachable and answers 503 while none of its
 * instances passes. Anything else goes to the gateway's own endpoints, whose error answer tells a name Consul's
 * catalog lacks (404) from one Consul cannot be asked about (503; see {@code GatewayErrorHandler}).
 * <p>
 * A service named like one of the gateway's own paths ({@code /services}, {@code /actuator}) is not routed: it would
 * hide them.
 */
public class RoutableServices implements Predicate<String> {

    private static final Logger log = LoggerFactory.getLogger(RoutableServices.class);

    private final Predicate<String> inCatalog;
    private final OwnPaths ownPaths;
    private final Set<String> warned = ConcurrentHashMap.newKeySet();

    /**
     * @param inCatalog whether Consul's catalog had the service when it last answered
     * @param ownPaths the first path segments the gateway answers itself
     */
    public RoutableServices(Predicate<String> inCatalog, OwnPaths ownPaths) {
        this.inCatalog = inCatalog;
        this.ownPaths = ownPaths;
    }

    @Override
    public boolean test(String service) {
        if (!inCatalog.test(service)) {
            return false;
        }
        if (!ownPaths.contains(service)) {
            return true;
        }
        if (warned.add(service)) {
            log.warn("Service '{}' is in Consul's catalog, but /{} is the gateway's own endpoint: it is not routed "
                    + "through the gateway. Register it under another name (SERVICE_NAME) to route it.", service, service);
        }
        return false;
    }
}
