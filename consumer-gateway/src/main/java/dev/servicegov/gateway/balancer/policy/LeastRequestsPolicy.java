package dev.servicegov.gateway.balancer.policy;

import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import dev.servicegov.gateway.instances.InFlightRequests;

import org.springframework.cloud.client.ServiceInstance;
import org.springframework.cloud.client.loadbalancer.RequestData;

/** The instance with the fewest requests in flight from this gateway; among equals, each in turn. */
public class LeastRequestsPolicy implements LoadBalancingPolicy {

    private final InFlightRequests inFlight;
    private final AtomicInteger offset = new AtomicInteger();

    public LeastRequestsPolicy(InFlightRequests inFlight) {
        this.inFlight = inFlight;
    }

    @Override
    public ServiceInstance choose(List<ServiceInstance> instances, RequestData request) {
        int start = (offset.getAndIncrement() & Integer.MAX_VALUE) % instances.size();
        ServiceInstance best = null;
        int fewest = Integer.MAX_VALUE;
        for (int i = 0; i < instances.size(); i++) {
            ServiceInstance candidate = instances.get((start + i) % instances.size());
            int count = inFlight.of(candidate);
            if (count < fewest) {
                fewest = count;
                best = candidate;
            }
        }
        return best;
    }
}
