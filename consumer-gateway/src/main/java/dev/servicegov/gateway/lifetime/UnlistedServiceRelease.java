package dev.servicegov.gateway.lifetime;

import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.LongSupplier;
import java.util.function.Predicate;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;

import org.springframework.context.SmartLifecycle;

/**
 * Releases the state held for a service once Consul's catalog has not listed it for {@code grace}: services come and
 * go (each short-lived job, each renamed one), and what was built for one that is gone would otherwise stay for the
 * gateway's lifetime. A service listed again within the grace keeps its state: a redeploy of all its instances at
 * once drops it from the catalog for a moment. A service that is used again after its release (a retry still in
 * flight) gets its state afresh, released in turn a grace later. Each sweep also lets the holders
 * {@linkplain PerServiceState#expire() expire} what has a lifetime of its own.
 */
public class UnlistedServiceRelease implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(UnlistedServiceRelease.class);
    private static final Duration SHORTEST_SWEEP = Duration.ofSeconds(1);
    private static final Duration LONGEST_SWEEP = Duration.ofSeconds(30);

    private final Predicate<String> listed;
    private final Duration grace;
    private final List<PerServiceState> holders;
    private final LongSupplier nanoTime;
    /** The services held and not listed at the last sweeps, since when they were first seen so. */
    private final Map<String, Long> unlistedSince = new HashMap<>();
    private volatile Disposable sweeper;

    /** @param listed whether Consul's catalog lists the service, as last known */
    public UnlistedServiceRelease(Predicate<String> listed, Duration grace, List<PerServiceState> holders) {
        this(listed, grace, holders, System::nanoTime);
    }

    UnlistedServiceRelease(Predicate<String> listed, Duration grace, List<PerServiceState> holders, LongSupplier nanoTime) {
        this.listed = listed;
        this.grace = grace;
        this.holders = List.copyOf(holders);
        this.nanoTime = nanoTime;
    }

    synchronized void sweep() {
        long now = nanoTime.getAsLong();
        Set<String> held = new HashSet<>();
        holders.forEach(holder -> held.addAll(holder.services()));
        unlistedSince.keySet().retainAll(held);
        for (String service : held) {
            if (listed.test(service)) {
                unlistedSince.remove(service);
            } else if (now - unlistedSince.computeIfAbsent(service, unlisted -> now) >= grace.toNanos()) {
                log.debug("{} not in Consul's catalog for {}: releasing what the gateway held for it", service, grace);
                holders.forEach(holder -> holder.release(service));
                unlistedSince.remove(service);
            }
        }
        holders.forEach(PerServiceState::expire);
    }

    /** Half the grace, within a second and half a minute: a service is released at most that much after it. */
    Duration sweepInterval() {
        Duration half = grace.dividedBy(2);
        return half.compareTo(SHORTEST_SWEEP) < 0 ? SHORTEST_SWEEP : half.compareTo(LONGEST_SWEEP) > 0 ? LONGEST_SWEEP : half;
    }

    @Override
    public void start() {
        Duration every = sweepInterval();
        sweeper = Flux.interval(every, every).onBackpressureDrop().subscribe(tick -> sweepOrWarn());
    }

    /** A sweep that failed must not end the sweeps to come. */
    private void sweepOrWarn() {
        try {
            sweep();
        } catch (RuntimeException failure) {
            log.warn("releasing the state of services Consul's catalog no longer lists failed", failure);
        }
    }

    @Override
    public void stop() {
        Disposable running = sweeper;
        if (running != null) {
            running.dispose();
        }
        sweeper = null;
    }

    @Override
    public boolean isRunning() {
        return sweeper != null;
    }
}
