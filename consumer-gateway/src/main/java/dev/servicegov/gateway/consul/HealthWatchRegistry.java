package dev.servicegov.gateway.consul;

import java.time.Duration;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.function.BooleanSupplier;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;

import org.springframework.context.SmartLifecycle;

/**
 * One {@link HealthWatch} per service in use: started on the first request for the service, stopped
 * once no request asked for it during {@code idleTimeout}, or as soon as it leaves Consul's catalog
 * ({@link #followCatalog}). With {@code watchEvery}, every service in the catalog is watched whether requested or not.
 * Once stopped, it starts no watch: each service keeps the instances its watch last saw.
 * <p>
 * At most {@code maxWatches} run at once, each holding one connection to the Consul agent, which resets the
 * connections of a client past its {@code limits.http_max_conns_per_client} (200 by default) and counts a dropped
 * query until its wait ends. Past the bound, {@code watchEvery} watches only as many services as fit, and a service
 * without a watch is read from Consul when requested, at most once every {@link #UNWATCHED_READ_INTERVAL}, its last
 * answer kept when Consul fails; it gets a watch once one is free.
 */
public class HealthWatchRegistry implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(HealthWatchRegistry.class);

    /** How stale the instances of a service without a watch may be: the gateway follows a change within a second. */
    static final Duration UNWATCHED_READ_INTERVAL = Duration.ofSeconds(1);

    private final ConsulClient consul;
    private final WatchTiming timing;
    private final InstanceListListener listener;
    private final BooleanSupplier emptyListsTrusted;
    private final int maxWatches;
    private final ConcurrentMap<String, HealthWatch> watches = new ConcurrentHashMap<>();
    /** Services past the bound: read on request, no blocking queries. */
    private final ConcurrentMap<String, HealthWatch> readOnRequest = new ConcurrentHashMap<>();
    private volatile boolean warnedTooMany;
    private volatile Set<String> catalog = Set.of();
    private volatile Set<String> kept = Set.of();
    private volatile Disposable sweeper;
    private volatile boolean running;
    private volatile boolean stopped;

    /** @param listener told the service and its new passing instances whenever a list changes, and a service that left */
    public HealthWatchRegistry(ConsulClient consul, WatchTiming timing, InstanceListListener listener) {
        this(consul, timing, listener, () -> true, Integer.MAX_VALUE);
    }

    /**
     * @param listener told the service and its new passing instances whenever a list changes, and a service that left
     * @param emptyListsTrusted false while Consul has only just come back (see {@link HealthWatch})
     * @param maxWatches the most watches, so blocking queries, that run at once
     */
    public HealthWatchRegistry(ConsulClient consul, WatchTiming timing, InstanceListListener listener,
            BooleanSupplier emptyListsTrusted, int maxWatches) {
        this.consul = consul;
        this.timing = timing;
        this.listener = listener;
        this.emptyListsTrusted = emptyListsTrusted;
        this.maxWatches = maxWatches;
    }

    /**
     * The watch of the service, started if it was not running. After {@link #stop()} (requests still draining as the
     * gateway shuts down) no watch starts: the last one's instances, or none for a service that had no watch.
     */
    public HealthWatch watch(String service) {
        if (stopped) {
            HealthWatch last = existing(service).orElse(null);
            return last != null ? last : unwatched(service);
        }
        HealthWatch watch = watches.get(service);
        if (watch == null) {
            synchronized (watches) {
                watch = watches.get(service);
                if (watch == null && watches.size() >= maxWatches) {
                    HealthWatch read = readOnRequest.computeIfAbsent(service, this::newWatch);
                    read.readIfOlderThan(UNWATCHED_READ_INTERVAL);
                    return read;
                }
                if (watch == null) {
                    // a service read so far keeps its last answer as its watch's first
                    HealthWatch read = readOnRequest.remove(service);
                    watch = read != null ? read : newWatch(service);
                    log.debug("watching the health of {}", service);
                    watch.start();
                    watches.put(service, watch);
                }
            }
        }
        if (stopped) {
            // stop() ran while this one started
            watch.stop();
        }
        return watch;
    }

    /** A watch that never asks Consul: it knows no instance, and says so at once. */
    private HealthWatch unwatched(String service) {
        HealthWatch watch = newWatch(service);
        watch.stop();
        return watch;
    }

    private HealthWatch newWatch(String service) {
        return new HealthWatch(service, consul, timing, listener::changed, emptyListsTrusted);
    }

    /**
     * The catalog's names, each time they change. A service that left it is no longer watched, at once: no route leads
     * to it any more, and a blocking query on a name Consul does not know answers at every change anywhere in the
     * catalog, so a thousand such watches left by short-lived services would all wake at each one. A watch of a service
     * never in the catalog (requested a moment after it was registered) stays, under the idle rule. With
     * {@code watchEvery}, every service in the catalog is watched from now on, as far as the bound allows, so each has
     * a last known instance list even if Consul becomes unreachable before its first request.
     */
    public void followCatalog(Set<String> names, boolean watchEvery) {
        Set<String> left = new HashSet<>(catalog);
        left.removeAll(names);
        catalog = Set.copyOf(names);
        kept = watchEvery ? catalog : Set.of();
        left.forEach(this::forget);
        if (running) {
            watchKept();
        }
    }

    /** Every service of {@code watchEvery}'s catalog, as far as the bound allows. */
    private void watchKept() {
        Set<String> every = kept;
        if (every.size() > maxWatches && !warnedTooMany) {
            warnedTooMany = true;
            log.warn("Consul's catalog lists {} services, more than gateway.watch.max-watches ({}): the gateway watches"
                    + " {} of them and reads the others from Consul when requested (at most once a second each, with"
                    + " no last known list should Consul be unreachable before). Each watch holds a connection to the"
                    + " Consul agent, which takes at most limits.http_max_conns_per_client (200 by default) from one"
                    + " address: raise both together, this one to under half the agent's.",
                    every.size(), maxWatches, maxWatches);
        }
        for (String service : every) {
            if (watches.size() >= maxWatches) {
                return;
            }
            watch(service);
        }
    }

    private void forget(String service) {
        Optional.ofNullable(readOnRequest.remove(service)).ifPresent(HealthWatch::stop);
        HealthWatch watch = watches.remove(service);
        if (watch != null) {
            log.debug("{} left Consul's catalog, no longer watching it", service);
            watch.stop();
        }
        listener.gone(service);
    }

    /** The watch of the service if one runs (no read past the bound). */
    public Optional<HealthWatch> watched(String service) {
        return Optional.ofNullable(watches.get(service));
    }

    /** The watch of the service if one runs, else its last read past the bound, if any. */
    public Optional<HealthWatch> existing(String service) {
        HealthWatch watch = watches.get(service);
        return Optional.ofNullable(watch != null ? watch : readOnRequest.get(service));
    }

    public Collection<HealthWatch> all() {
        return List.copyOf(watches.values());
    }

    /** Every watch drops its query in flight and reads afresh, e.g. once Consul is back. */
    public void restartAll() {
        watches.values().forEach(HealthWatch::restart);
    }

    void stopIdle() {
        long idle = timing.idleTimeout().toNanos();
        readOnRequest.values().removeIf(read -> {
            if (read.idleNanos() < idle) {
                return false;
            }
            read.stop();
            return true;
        });
        Set<String> keep = kept;
        watches.values().removeIf(watch -> {
            if (watch.idleNanos() < idle || keep.contains(watch.service())) {
                return false;
            }
            log.debug("no request for {} in {}, no longer watching it", watch.service(), timing.idleTimeout());
            watch.stop();
            return true;
        });
    }

    @Override
    public void start() {
        if (stopped) {
            // started again after a stop: the watches it left ask Consul no more
            watches.clear();
            stopped = false;
        }
        Duration every = timing.idleTimeout().dividedBy(4).compareTo(Duration.ofSeconds(1)) > 0
                ? timing.idleTimeout().dividedBy(4) : Duration.ofSeconds(1);
        sweeper = Flux.interval(every, every).onBackpressureDrop().subscribe(tick -> stopIdle());
        running = true;
        watchKept();
    }

    /** Every watch stops querying Consul and keeps its last list, for the requests the web server still drains. */
    @Override
    public void stop() {
        stopped = true;
        running = false;
        if (sweeper != null) {
            sweeper.dispose();
        }
        watches.values().forEach(HealthWatch::stop);
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    @Override
    public int getPhase() {
        return WatchPhase.PHASE;
    }
}
