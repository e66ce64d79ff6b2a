package dev.servicegov.gateway.balancer.policy;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

import dev.servicegov.gateway.instances.InstanceKey;

import org.springframework.cloud.client.ServiceInstance;
import org.springframework.cloud.client.loadbalancer.RequestData;

/**
 * Smooth weighted round robin (as nginx does it): over any run of calls each instance gets its share
 * of the weights, spread evenly rather than in bursts. The weight is a non-negative integer in the
 * instance's Consul meta under the configured key; missing, negative or unreadable is 1, 0 leaves it out
 * (unless every instance has 0, then all count as 1).
 */
public class WeightedPolicy implements LoadBalancingPolicy {

    private final String metaKey;
    private final Map<String, Long> current = new HashMap<>();

    public WeightedPolicy(String metaKey) {
        this.metaKey = metaKey;
    }

    /** The instance's weight as this policy reads it. */
    public int weightOf(ServiceInstance instance) {
        String value = instance.getMetadata() != null ? instance.getMetadata().get(metaKey) : null;
        if (value == null) {
            return 1;
        }
        try {
            int weight = Integer.parseInt(value.trim());
            return weight < 0 ? 1 : weight;
        } catch (NumberFormatException e) {
            return 1;
        }
    }

    @Override
    public synchronized ServiceInstance choose(List<ServiceInstance> instances, RequestData request) {
        boolean allZero = instances.stream().allMatch(instance -> weightOf(instance) == 0);
        long total = 0;
        ServiceInstance best = null;
        long bestValue = Long.MIN_VALUE;
        Map<String, Long> seen = new HashMap<>();
        for (ServiceInstance instance : instances) {
            int weight = allZero ? 1 : weightOf(instance);
            if (weight == 0) {
                continue;
            }
            String key = InstanceKey.of(instance);
            long value = current.getOrDefault(key, 0L) + weight;
            seen.put(key, value);
            total += weight;
            if (value > bestValue) {
                bestValue = value;
                best = instance;
            }
        }
        seen.put(InstanceKey.of(best), bestValue - total);
        current.clear();
        current.putAll(seen);
        return best;
    }
}
