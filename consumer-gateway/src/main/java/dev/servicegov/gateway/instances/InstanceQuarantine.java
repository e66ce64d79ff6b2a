package dev.servicegov.gateway.instances;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.cloud.client.ServiceInstance;

/**
 * Instances put aside for a short time after they refused or reset a connection or answered 502/503,
 * before Consul's checks notice. Never empties a list: when every instance is put aside, all are used.
 */
public class InstanceQuarantine {

    private static final Logger log = LoggerFactory.getLogger(InstanceQuarantine.class);

    private final Duration duration;
    private final Clock clock;
    private final ConcurrentMap<String, Instant> until = new ConcurrentHashMap<>();

    public InstanceQuarantine(Duration duration, Clock clock) {
        this.duration = duration;
        this.clock = clock;
    }

    /** Leaves the instance out of load balancing for the configured duration (from now). */
    public void putAside(ServiceInstance instance, String why) {
        if (duration.isZero() || duration.isNegative()) {
            return;
        }
        Instant now = clock.instant();
        // an instance is asked about only while listed: one that left stays here unless swept out with the expired
        until.values().removeIf(end -> !end.isAfter(now));
        Instant previous = until.put(InstanceKey.of(instance), now.plus(duration));
        if (previous == null || previous.isBefore(now)) {
            log.info("putting {} {}:{} aside for {}: {}", instance.getInstanceId(), instance.getHost(),
                    instance.getPort(), duration, why);
        }
    }

    public boolean isPutAside(ServiceInstance instance) {
        String key = InstanceKey.of(instance);
        Instant end = until.get(key);
        if (end == null) {
            return false;
        }
        if (end.isAfter(clock.instant())) {
            return true;
        }
        until.remove(key, end);
        return false;
    }

    /** How many instances are put aside, or were until lately: for tests. */
    int size() {
        return until.size();
    }

    /** The instances not put aside; all of them when every one is. */
    public List<ServiceInstance> filter(List<ServiceInstance> instances) {
        if (until.isEmpty()) {
            return instances;
        }
        List<ServiceInstance> kept = instances.stream().filter(instance -> !isPutAside(instance)).toList();
        return kept.isEmpty() ? instances : kept;
    }
}
