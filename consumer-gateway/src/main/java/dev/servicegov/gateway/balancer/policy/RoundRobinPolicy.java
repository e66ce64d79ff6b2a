package dev.servicegov.gateway.balancer.policy;

import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import org.springframework.cloud.client.ServiceInstance;
import org.springframework.cloud.client.loadbalancer.RequestData;

/** Each instance in turn, in the order of the list. */
public class RoundRobinPolicy implements LoadBalancingPolicy {

    private final AtomicInteger position = new AtomicInteger();

    @Override
    public ServiceInstance choose(List<ServiceInstance> instances, RequestData request) {
        int next = position.getAndIncrement() & Integer.MAX_VALUE;
        return instances.get(next % instances.size());
    }
}
