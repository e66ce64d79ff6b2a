package dev.servicegov.gateway.consul;

import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.function.BiConsumer;
import java.util.function.BooleanSupplier;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;

import org.springframework.cloud.client.ServiceInstance;
import org.springframework.context.SmartLifecycle;

/**
 * One {@link HealthWatch} per service in use: started on the first request for the service, stopped
 * once no request asked for it during {@code idleTimeout}. Services handed to {@link #watchAll} are watched
 * whether requested or not, as long as they are among them.
 */
public class HealthWatchRegistry implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(HealthWatchRegistry.class);

    private final ConsulClient consul;
    private final WatchTiming timing;
    private final BiConsumer<String, List<ServiceInstance>> onChange;
    private final BooleanSupplier emptyListsTrusted;
    private final ConcurrentMap<String, HealthWatch> watches = new ConcurrentHashMap<>();
    private volatile Set<String> kept = Set.of();
    private volatile Disposable sweeper;
    private volatile boolean running;

    /** @param onChange told the service and its new passing instances whenever a list changes */
    public HealthWatchRegistry(ConsulClient consul, WatchTiming timing, BiConsumer<String, List<ServiceInstance>> onChange) {
        this(consul, timing, onChange, () -> true);
    }

    /**
     * @param onChange told the service and its new passing instances whenever a list changes
     * @param emptyListsTrusted false while Consul has only just come back (see {@link HealthWatch})
     */
    public HealthWatchRegistry(ConsulClient consul, WatchTiming timing, BiConsumer<String, List<ServiceInstance>> onChange,
            BooleanSupplier emptyListsTrusted) {
        this.consul = consul;
        this.timing = timing;
        this.onChange = onChange;
        this.emptyListsTrusted = emptyListsTrusted;
    }

    /** The watch of the service, started if it was not running. */
    public HealthWatch watch(String service) {
        return watches.computeIfAbsent(service, name -> {
            HealthWatch watch = new HealthWatch(name, consul, timing, onChange, emptyListsTrusted);
            log.debug("watching the health of {}", name);
            watch.start();
            return watch;
        });
    }

    /**
     * Watches every one of these services from now on, so each has a last known instance list even if Consul
     * becomes unreachable before its first request; a service no longer among them falls back to the idle rule.
     */
    public void watchAll(Set<String> services) {
        kept = Set.copyOf(services);
        if (running) {
            services.forEach(this::watch);
        }
    }

    /** The watch of the service if one runs. */
    public Optional<HealthWatch> existing(String service) {
        return Optional.ofNullable(watches.get(service));
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
        Duration every = timing.idleTimeout().dividedBy(4).compareTo(Duration.ofSeconds(1)) > 0
                ? timing.idleTimeout().dividedBy(4) : Duration.ofSeconds(1);
        sweeper = Flux.interval(every, every).onBackpressureDrop().subscribe(tick -> stopIdle());
        running = true;
        kept.forEach(this::watch);
    }

    @Override
    public void stop() {
        running = false;
        if (sweeper != null) {
            sweeper.dispose();
        }
        watches.values().forEach(HealthWatch::stop);
        watches.clear();
    }

    @Override
    public boolean isRunning() {
        return running;
    }
}
