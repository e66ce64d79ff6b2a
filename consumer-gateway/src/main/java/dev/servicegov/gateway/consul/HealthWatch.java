package dev.servicegov.gateway.consul;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.BiConsumer;
import java.util.function.BooleanSupplier;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;

import org.springframework.cloud.client.ServiceInstance;
import org.springframework.cloud.consul.discovery.ConsulServiceInstance;

/**
 * The passing instances of one service, followed through Consul blocking queries on
 * {@code /v1/health/service/{name}?passing}. Keeps the last list Consul gave while Consul is unreachable, and does
 * not take an empty list for true while Consul has only just come back: the servers then briefly hold the agent's
 * node as failed, which makes every instance on it "not passing" although they all run.
 */
public final class HealthWatch {

    private static final Logger log = LoggerFactory.getLogger(HealthWatch.class);

    private final String service;
    private final ConsulClient consul;
    private final BlockingQueryLoop<List<ServiceInstance>> loop;
    private final AtomicBoolean reading = new AtomicBoolean();
    private volatile long lastReadNanos;
    private volatile boolean everRead;
    private volatile boolean stopped;
    private final Sinks.One<List<ServiceInstance>> first = Sinks.one();
    private final Duration firstAnswerTimeout;
    private final BiConsumer<String, List<ServiceInstance>> onChange;
    private volatile List<ServiceInstance> instances;
    private volatile Instant lastChange;
    private volatile long lastUsedNanos = System.nanoTime();
    private final RecoveryHold<List<ServiceInstance>> hold;

    /** @param emptyListsTrusted false while an empty answer may be Consul's recovery talking, not the service */
    HealthWatch(String service, ConsulClient consul, WatchTiming timing, BiConsumer<String, List<ServiceInstance>> onChange,
            BooleanSupplier emptyListsTrusted) {
        this.service = service;
        this.consul = consul;
        this.hold = new RecoveryHold<>(emptyListsTrusted, this::take);
        this.onChange = onChange;
        this.firstAnswerTimeout = timing.firstAnswerTimeout();
        this.loop = new BlockingQueryLoop<>("service " + service,
                index -> consul.passingInstances(service, index, timing.blockingWait()), this::accept,
                timing.minInterval(), timing.retryInterval());
    }

    void accept(ConsulAnswer<List<ServiceInstance>> answer) {
        if (stopped) {
            // a read or query that was under way as it stopped: the service may have left, its list must not come back
            return;
        }
        List<ServiceInstance> previous = instances;
        if (answer.value().isEmpty() && previous != null && !previous.isEmpty() && !hold.settled()) {
            if (hold.hold(answer.value())) {
                log.info("Consul says no instance of {} passes just after an outage; keeping the {} last known for now",
                        service, previous.size());
            }
            return;
        }
        hold.cancel();
        take(answer.value());
    }

    private void take(List<ServiceInstance> now) {
        if (stopped) {
            return;
        }
        if (!same(now, instances)) {
            instances = now;
            lastChange = Instant.now();
            onChange.accept(service, now);
        }
        first.tryEmitValue(now);
    }

    /** Same instances with the same metadata and tags (an instance's equality leaves its tags out). */
    static boolean same(List<ServiceInstance> now, List<ServiceInstance> before) {
        if (before == null || now.size() != before.size() || !now.equals(before)) {
            return false;
        }
        for (int i = 0; i < now.size(); i++) {
            if (now.get(i) instanceof ConsulServiceInstance a && before.get(i) instanceof ConsulServiceInstance b
                    && !java.util.Objects.equals(a.getTags(), b.getTags())) {
                return false;
            }
        }
        return true;
    }

    /**
     * The last known passing instances; before Consul first answered, waits for it (at most a few seconds). Once that
     * wait has run out, the next requests do not wait again: Consul is not answering (an outage), each would only
     * wait as long for nothing.
     */
    public Mono<List<ServiceInstance>> instances() {
        return Mono.defer(() -> {
            lastUsedNanos = System.nanoTime();
            List<ServiceInstance> known = instances;
            if (known != null) {
                return Mono.just(known);
            }
            return first.asMono().timeout(firstAnswerTimeout, Mono.fromSupplier(() -> {
                first.tryEmitValue(List.of());
                return List.of();
            }));
        });
    }

    /** The last known passing instances without waiting, empty before the first answer. */
    public List<ServiceInstance> current() {
        List<ServiceInstance> known = instances;
        return known != null ? known : List.of();
    }

    public String service() {
        return service;
    }

    /** When the instance list last changed ({@code null} before the first answer). */
    public Instant lastChange() {
        return lastChange;
    }

    /** When Consul last answered this watch's query ({@code null} before). */
    public Instant lastAnswer() {
        return loop.lastSuccess();
    }

    /** The failure of the last query while Consul does not answer, else {@code null}. */
    public String lastError() {
        return loop.lastError();
    }

    /** The index the next blocking query waits after. */
    public long index() {
        return loop.index();
    }

    long idleNanos() {
        return System.nanoTime() - lastUsedNanos;
    }

    /** Locked with {@link #stop()} and does nothing after it, as {@link #restart()}. */
    synchronized void start() {
        if (!stopped) {
            loop.start();
        }
    }

    /**
     * For a service past the bound on watches, which runs no blocking queries: one query that does not block, when the
     * last one is {@code interval} old and none is under way. Its answer replaces the list; a failure keeps the last one.
     */
    void readIfOlderThan(Duration interval) {
        long now = System.nanoTime();
        if (everRead && now - lastReadNanos < interval.toNanos() || !reading.compareAndSet(false, true)) {
            return;
        }
        everRead = true;
        lastReadNanos = now;
        consul.passingInstances(service, 0, Duration.ZERO).timeout(firstAnswerTimeout)
                .doFinally(signal -> reading.set(false))
                .subscribe(this::accept, failure -> {
                    log.debug("reading the instances of {} failed, keeping the last ones: {}", service, failure.toString());
                    first.tryEmitValue(current());
                });
    }

    /** Locked with {@link #stop()}: a stop between the check and the restart left a stopped watch querying forever. */
    synchronized void restart() {
        if (!stopped) {
            loop.restart();
        }
    }

    /** No more queries; a request still waiting for the first list gets none at once, not after a timeout. */
    void stop() {
        synchronized (this) {
            stopped = true;
            loop.stop();
        }
        first.tryEmitValue(List.of());
    }
}
