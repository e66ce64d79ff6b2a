package dev.servicegov.gateway.instances;

import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.atomic.AtomicInteger;

import org.springframework.cloud.client.ServiceInstance;

/** How many requests this gateway has in flight to each instance (for the least-requests policies). */
public class InFlightRequests {

    private final ConcurrentMap<String, AtomicInteger> counts = new ConcurrentHashMap<>();

    public void started(ServiceInstance instance) {
        counts.compute(InstanceKey.of(instance), (key, count) -> {
            AtomicInteger counted = count == null ? new AtomicInteger() : count;
            counted.incrementAndGet();
            return counted;
        });
    }

    /** The last request in flight to an instance takes its entry with it, so that instances gone do not pile up. */
    public void finished(ServiceInstance instance) {
        counts.computeIfPresent(InstanceKey.of(instance), (key, count) -> count.decrementAndGet() <= 0 ? null : count);
    }

    /** How many instances have requests in flight: for tests. */
    int instances() {
        return counts.size();
    }

    public int of(ServiceInstance instance) {
        AtomicInteger count = counts.get(InstanceKey.of(instance));
        return count == null ? 0 : Math.max(0, count.get());
    }
}
