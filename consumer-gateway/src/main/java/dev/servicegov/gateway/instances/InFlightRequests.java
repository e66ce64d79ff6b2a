package dev.servicegov.gateway.instances;

import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.atomic.AtomicInteger;

import org.springframework.cloud.client.ServiceInstance;

/** How many requests this gateway has in flight to each instance (for the least-requests policies). */
public class InFlightRequests {

    private final ConcurrentMap<String, AtomicInteger> counts = new ConcurrentHashMap<>();

    public void started(ServiceInstance instance) {
        counts.computeIfAbsent(InstanceKey.of(instance), key -> new AtomicInteger()).incrementAndGet();
    }

    public void finished(ServiceInstance instance) {
        AtomicInteger count = counts.get(InstanceKey.of(instance));
        if (count != null) {
            count.decrementAndGet();
        }
    }

    public int of(ServiceInstance instance) {
        AtomicInteger count = counts.get(InstanceKey.of(instance));
        return count == null ? 0 : Math.max(0, count.get());
    }
}
