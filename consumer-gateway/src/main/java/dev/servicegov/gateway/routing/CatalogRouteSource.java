package dev.servicegov.gateway.routing;

import dev.servicegov.gateway.consul.CatalogWatch;
import reactor.core.publisher.Flux;

import org.springframework.cloud.client.DefaultServiceInstance;
import org.springframework.cloud.client.ServiceInstance;
import org.springframework.cloud.client.discovery.ReactiveDiscoveryClient;

/**
 * What the discovery route locator builds routes from: every service of Consul's catalog as last
 * known, healthy or not, so its route survives an unreachable Consul and a moment without a passing
 * instance. Each service is represented by one stand-in instance; which real instance serves a request
 * is for the load balancer to decide (503 when none passes).
 */
public class CatalogRouteSource implements ReactiveDiscoveryClient {

    private final CatalogWatch catalog;

    public CatalogRouteSource(CatalogWatch catalog) {
        this.catalog = catalog;
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
        return catalog.serviceNames();
    }
}
