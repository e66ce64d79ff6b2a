package dev.servicegov.gateway.balancer;

import java.util.List;

import dev.servicegov.gateway.consul.HealthWatchRegistry;
import dev.servicegov.gateway.instances.InstanceQuarantine;
import reactor.core.publisher.Flux;

import org.springframework.cloud.client.ServiceInstance;
import org.springframework.cloud.loadbalancer.core.ServiceInstanceListSupplier;

/**
 * A service's usable instances at the time of each request: the passing ones its Consul health watch
 * last saw (kept while Consul is unreachable), less those put aside — no TTL cache in between.
 */
public class WatchedInstanceListSupplier implements ServiceInstanceListSupplier {

    private final String serviceId;
    private final HealthWatchRegistry watches;
    private final InstanceQuarantine quarantine;

    public WatchedInstanceListSupplier(String serviceId, HealthWatchRegistry watches, InstanceQuarantine quarantine) {
        this.serviceId = serviceId;
        this.watches = watches;
        this.quarantine = quarantine;
    }

    @Override
    public String getServiceId() {
        return serviceId;
    }

    @Override
    public Flux<List<ServiceInstance>> get() {
        return Flux.defer(() -> watches.watch(serviceId).instances().map(quarantine::filter).flux());
    }
}
