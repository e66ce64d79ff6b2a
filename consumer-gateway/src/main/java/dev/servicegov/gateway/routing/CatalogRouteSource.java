package dev.servicegov.gateway.routing;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Flux;

import org.springframework.cloud.client.DefaultServiceInstance;
import org.springframework.cloud.client.ServiceInstance;
import org.springframework.cloud.client.discovery.ReactiveDiscoveryClient;

/**
 * What the discovery route locator builds routes from: every service of Consul's catalog as last
 * known, healthy or not, so its route survives an unreachable Consul and a moment without a passing
 * instance. Each service is represented by one stand-in instance; which real instance serves a request
 * is for the load balancer to decide (503 when none passes).
 * <p>
 * A service named like one of the gateway's own paths ({@code /services}, {@code /actuator}) gets no route: the
 * routes are asked before the gateway's own endpoints, and such a route would hide them.
 */
public class CatalogRouteSource implements ReactiveDiscoveryClient {

    private static final Logger log = LoggerFactory.getLogger(CatalogRouteSource.class);

    private final Supplier<Flux<String>> serviceNames;
    private final Set<String> ownPaths;
    private final Set<String> warned = ConcurrentHashMap.newKeySet();

    /**
     * @param serviceNames the catalog's service names as last known
     * @param ownPaths the first path segments the gateway answers itself
     */
    public CatalogRouteSource(Supplier<Flux<String>> serviceNames, Set<String> ownPaths) {
        this.serviceNames = serviceNames;
        this.ownPaths = Set.copyOf(ownPaths);
    }

    @Override
    public String description() {
        return "Consul catalog (last known)";
    }

    @Override
    public Flux<ServiceInstance> getInstances(String serviceId) {
        return Flux.just(new DefaultServiceInstance(serviceId, serviceId, "route.invalid", 80, false));
    }

    @Override
    public Flux<String> getServices() {
        return serviceNames.get().filter(this::routable);
    }

    private boolean routable(String service) {
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
