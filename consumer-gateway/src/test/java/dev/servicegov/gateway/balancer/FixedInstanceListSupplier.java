package dev.servicegov.gateway.balancer;

import java.util.List;

import reactor.core.publisher.Flux;

import org.springframework.cloud.client.ServiceInstance;
import org.springframework.cloud.loadbalancer.core.ServiceInstanceListSupplier;

/** The same instances of one service on every request. */
record FixedInstanceListSupplier(String getServiceId, List<ServiceInstance> instances) implements ServiceInstanceListSupplier {

    @Override
    public Flux<List<ServiceInstance>> get() {
        return Flux.just(instances);
    }
}
