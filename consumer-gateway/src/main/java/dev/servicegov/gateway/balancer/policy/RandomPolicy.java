package dev.servicegov.gateway.balancer.policy;

import java.util.List;
import java.util.concurrent.ThreadLocalRandom;

import org.springframework.cloud.client.ServiceInstance;
import org.springframework.cloud.client.loadbalancer.RequestData;

/** A uniformly random instance. */
public class RandomPolicy implements LoadBalancingPolicy {

    @Override
    public ServiceInstance choose(List<ServiceInstance> instances, RequestData request) {
        return instances.get(ThreadLocalRandom.current().nextInt(instances.size()));
    }
}
