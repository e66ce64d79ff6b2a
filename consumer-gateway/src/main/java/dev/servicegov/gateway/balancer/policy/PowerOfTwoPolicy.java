package dev.servicegov.gateway.balancer.policy;

import java.util.List;
import java.util.concurrent.ThreadLocalRandom;

import dev.servicegov.gateway.instances.InFlightRequests;

import org.springframework.cloud.client.ServiceInstance;
import org.springframework.cloud.client.loadbalancer.RequestData;

/** Power of two choices: two distinct random instances, the one with fewer requests in flight. */
public class PowerOfTwoPolicy implements LoadBalancingPolicy {

    private final InFlightRequests inFlight;

    public PowerOfTwoPolicy(InFlightRequests inFlight) {
        this.inFlight = inFlight;
    }

    @Override
    public ServiceInstance choose(List<ServiceInstance> instances, RequestData request) {
        if (instances.size() == 1) {
            return instances.get(0);
        }
        ThreadLocalRandom random = ThreadLocalRandom.current();
        int first = random.nextInt(instances.size());
        int second = random.nextInt(instances.size() - 1);
        if (second >= first) {
            second++;
        }
        ServiceInstance a = instances.get(first);
        ServiceInstance b = instances.get(second);
        return inFlight.of(b) < inFlight.of(a) ? b : a;
    }
}
