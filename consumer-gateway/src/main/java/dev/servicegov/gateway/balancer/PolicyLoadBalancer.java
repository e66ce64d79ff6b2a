package dev.servicegov.gateway.balancer;

import dev.servicegov.gateway.balancer.policy.LoadBalancingPolicy;
import reactor.core.publisher.Mono;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.cloud.client.ServiceInstance;
import org.springframework.cloud.client.loadbalancer.DefaultResponse;
import org.springframework.cloud.client.loadbalancer.EmptyResponse;
import org.springframework.cloud.client.loadbalancer.Request;
import org.springframework.cloud.client.loadbalancer.RequestData;
import org.springframework.cloud.client.loadbalancer.RequestDataContext;
import org.springframework.cloud.client.loadbalancer.Response;
import org.springframework.cloud.loadbalancer.core.NoopServiceInstanceListSupplier;
import org.springframework.cloud.loadbalancer.core.ReactorServiceInstanceLoadBalancer;
import org.springframework.cloud.loadbalancer.core.ServiceInstanceListSupplier;

/** Spring Cloud LoadBalancer's view of a service: its usable instances, then its policy's choice. */
public class PolicyLoadBalancer implements ReactorServiceInstanceLoadBalancer {

    private final ObjectProvider<ServiceInstanceListSupplier> suppliers;
    private final LoadBalancingPolicy policy;

    public PolicyLoadBalancer(ObjectProvider<ServiceInstanceListSupplier> suppliers, LoadBalancingPolicy policy) {
        this.suppliers = suppliers;
        this.policy = policy;
    }

    @Override
    @SuppressWarnings("rawtypes")
    public Mono<Response<ServiceInstance>> choose(Request request) {
        ServiceInstanceListSupplier supplier = suppliers.getIfAvailable(NoopServiceInstanceListSupplier::new);
        RequestData data = request != null && request.getContext() instanceof RequestDataContext context
                ? context.getClientRequest() : null;
        return supplier.get(request).next()
                .map(instances -> instances.isEmpty()
                        ? new EmptyResponse()
                        : (Response<ServiceInstance>) new DefaultResponse(policy.choose(instances, data)))
                .defaultIfEmpty(new EmptyResponse());
    }

    public LoadBalancingPolicy policy() {
        return policy;
    }
}
