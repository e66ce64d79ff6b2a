package dev.servicegov.gateway.balancer.policy;

import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import dev.servicegov.gateway.instances.InstanceKey;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.cloud.client.ServiceInstance;
import org.springframework.cloud.client.loadbalancer.RequestData;

/**
 * Smooth weighted round robin (as nginx does it): over any run of calls each instance gets its share
 * of the weights, spread evenly rather than in bursts. The weight is an integer from 0 to 2147483647 in the
 * instance's Consul meta under the configured key; missing is 1, 0 leaves it out (unless every instance has 0, then
 * all count as 1), any other value (negative, decimal, too large, not a number) is 1 with a WARN, once per instance
 * and value.
 */
public class WeightedPolicy implements LoadBalancingPolicy {

    private static final Logger log = LoggerFactory.getLogger(WeightedPolicy.class);
    /** Bad weights logged at most: the memory of those logged stays bounded. */
    private static final int MAX_WARNED = 1000;

    private final String metaKey;
    private final Set<String> warned;
    private final Map<String, Long> current = new HashMap<>();

    public WeightedPolicy(String metaKey) {
        this(metaKey, ConcurrentHashMap.newKeySet());
    }

    /** @param warned the bad weights already logged, shared by the policies of a gateway so each is logged once */
    public WeightedPolicy(String metaKey, Set<String> warned) {
        this.metaKey = metaKey;
        this.warned = warned;
    }

    /** The instance's weight as this policy reads it. */
    public int weightOf(ServiceInstance instance) {
        String value = instance.getMetadata() != null ? instance.getMetadata().get(metaKey) : null;
        if (value == null) {
            return 1;
        }
        try {
            int weight = Integer.parseInt(value.trim());
            if (weight >= 0) {
                return weight;
            }
        } catch (NumberFormatException notAnInt) {
            // logged below
        }
        if (warned.size() < MAX_WARNED && warned.add(InstanceKey.of(instance) + "\n" + value)) {
            log.warn("instance {} ({}:{}) of {} has {}={}, which is no weight (an integer from 0 to 2147483647): "
                    + "it counts as 1", instance.getInstanceId(), instance.getHost(), instance.getPort(),
                    instance.getServiceId(), metaKey, value);
        }
        return 1;
    }

    @Override
    public synchronized ServiceInstance choose(List<ServiceInstance> instances, RequestData request) {
        int[] weights = instances.stream().mapToInt(this::weightOf).toArray();
        boolean allZero = Arrays.stream(weights).allMatch(weight -> weight == 0);
        long total = 0;
        ServiceInstance best = null;
        long bestValue = Long.MIN_VALUE;
        Map<String, Long> seen = new HashMap<>();
        for (int i = 0; i < weights.length; i++) {
            ServiceInstance instance = instances.get(i);
            int weight = allZero ? 1 : weights[i];
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
