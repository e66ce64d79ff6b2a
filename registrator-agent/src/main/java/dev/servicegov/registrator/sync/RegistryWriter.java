package dev.servicegov.registrator.sync;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CompletionService;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorCompletionService;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import dev.servicegov.registrator.bridge.Durations;
import dev.servicegov.registrator.bridge.ServiceDefinition;
import dev.servicegov.registrator.bridge.SyncPlan;
import dev.servicegov.registrator.bridge.SyncPlanner;
import dev.servicegov.registrator.registry.RegistryException;
import dev.servicegov.registrator.registry.RegistryUnreachableException;
import dev.servicegov.registrator.registry.ServiceRegistry;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The registry side of the engine: what was written, what the registry says this node owns, the writes
 * (with backoff per service), maintenance mode, and the TTL checks' heartbeats. Used by the engine's
 * worker thread, except {@link #registrations()}; the writes of one pass to different services go out up to
 * {@code concurrency} at a time (a burst of new containers does not wait for one registry round trip after the
 * other), each service's own calls in order, and the worker records their outcomes.
 */
final class RegistryWriter implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(RegistryWriter.class);
    private static final Duration HEARTBEAT_RETRY = Duration.ofSeconds(1);

    private final ServiceRegistry registry;
    private final RegistratorMetrics metrics;
    private final Clock clock;
    private final RetryBackoff backoff;
    private final Map<String, ServiceDefinition> written = new ConcurrentHashMap<>();
    private final Map<String, Instant> heartbeats = new ConcurrentHashMap<>();
    private final int concurrency;
    private final ExecutorService writers;
    private volatile Set<String> owned;
    private boolean reachable = true;

    RegistryWriter(ServiceRegistry registry, RegistratorMetrics metrics, Clock clock, RetryBackoff backoff) {
        this(registry, metrics, clock, backoff, 1);
    }

    /** @param concurrency how many writes to different services may be under way at once (1: one after the other) */
    RegistryWriter(ServiceRegistry registry, RegistratorMetrics metrics, Clock clock, RetryBackoff backoff, int concurrency) {
        this.registry = registry;
        this.metrics = metrics;
        this.clock = clock;
        this.backoff = backoff;
        this.concurrency = Math.max(1, concurrency);
        AtomicInteger threads = new AtomicInteger();
        ThreadPoolExecutor pool = new ThreadPoolExecutor(this.concurrency, this.concurrency, 30, TimeUnit.SECONDS,
                new LinkedBlockingQueue<>(), runnable -> {
                    Thread thread = new Thread(runnable, "registry-write-" + threads.incrementAndGet());
                    thread.setDaemon(true);
                    return thread;
                });
        // idle most of the time: no thread (nor its stack) is kept between bursts
        pool.allowCoreThreadTimeOut(true);
        this.writers = pool;
    }

    @Override
    public void close() {
        writers.shutdownNow();
    }

    /** Reads which services the registry holds for the node; throws when it cannot be read (then unknown). */
    void listOwned(String nodeName) {
        try {
            Set<String> listed = ConcurrentHashMap.newKeySet();
            listed.addAll(registry.listOwned(nodeName));
            owned = listed;
        } catch (RegistryException e) {
            owned = null;
            reachable &= !(e instanceof RegistryUnreachableException);
            throw e;
        }
        if (!reachable) {
            reachable = true;
            backoff.clear();
            log.info("The registry answers again; writing what waited for it now");
        }
    }

    int count() {
        return written.size();
    }

    List<ServiceDefinition> registrations() {
        return written.values().stream().sorted(Comparator.comparing(ServiceDefinition::id)).toList();
    }

    /** Whether the registry holds the service as it is now (no write pending for it). */
    boolean isWritten(ServiceDefinition service) {
        return service.sameRegistration(written.get(service.id()));
    }

    /** The earliest pending retry or heartbeat, or {@code null}. */
    Instant nextDue() {
        Instant retry = backoff.nextAttempt();
        Instant beat = heartbeats.values().stream().min(Instant::compareTo).orElse(null);
        return retry == null || beat != null && beat.isBefore(retry) ? beat : retry;
    }

    /**
     * Writes what differs between the wanted services and the registry; returns how many differ. When the registry does not answer at all,
     * the rest of the pass waits with the failed write, so one outage costs one timeout, not one per service.
     */
    int apply(Map<String, ServiceDefinition> wanted, boolean cleanup) throws InterruptedException {
        SyncPlan plan = SyncPlanner.plan(wanted, written, owned, cleanup);
        Map<String, Runnable> writes = new LinkedHashMap<>();
        plan.toRegister().forEach(service -> writes.put(service.id(), () -> register(service)));
        plan.toUpdate().forEach(service -> writes.put(service.id(), () -> update(service)));
        plan.toDeregister().forEach(id -> writes.put(id, () -> deregister(id)));
        backoff.retainOnly(writes.keySet());
        Instant now = clock.instant();
        List<String> due = writes.keySet().stream().filter(id -> backoff.isDue(id, now)).toList();
        int sent = due.size() <= 1 || concurrency == 1 ? writeInTurn(due, writes) : writeSideBySide(due, writes);
        due.subList(sent, due.size()).forEach(id -> backoff.failed(id, now));
        return writes.size();
    }

    /** The writes one after the other on this thread; how many were sent before the registry stopped answering. */
    private int writeInTurn(List<String> due, Map<String, Runnable> writes) {
        for (int i = 0; i < due.size(); i++) {
            if (!recorded(attempt(due.get(i), writes.get(due.get(i))))) {
                return i + 1;
            }
        }
        return due.size();
    }

    /**
     * The writes up to {@code concurrency} at a time, their outcomes recorded here as they come; once the registry does
     * not answer at all, no more are sent. How many were sent.
     */
    private int writeSideBySide(List<String> due, Map<String, Runnable> writes) throws InterruptedException {
        CompletionService<Outcome> outcomes = new ExecutorCompletionService<>(writers);
        int sent = 0;
        int running = 0;
        boolean answering = true;
        RuntimeException unexpected = null;
        while (running > 0 || (answering && sent < due.size())) {
            while (answering && sent < due.size() && running < concurrency) {
                String id = due.get(sent++);
                Runnable action = writes.get(id);
                outcomes.submit(() -> attempt(id, action));
                running++;
            }
            try {
                answering &= recorded(outcomes.take().get());
            } catch (ExecutionException e) {
                // not a registry failure: the others still finish and are recorded first
                unexpected = e.getCause() instanceof RuntimeException runtime ? runtime : new IllegalStateException(e.getCause());
            }
            running--;
        }
        if (unexpected != null) {
            throw unexpected;
        }
        return sent;
    }

    /** A write's outcome: the registry's failure, or {@code null} when it succeeded. */
    private record Outcome(String id, RegistryException failure) {
    }

    private static Outcome attempt(String id, Runnable action) {
        try {
            action.run();
            return new Outcome(id, null);
        } catch (RegistryException e) {
            return new Outcome(id, e);
        }
    }

    private void deregister(String id) {
        registry.deregister(id);
        written.remove(id);
        heartbeats.remove(id);
        if (owned != null) {
            owned.remove(id);
        }
        metrics.deregistered();
        log.info("Deregistered {}", id);
    }

    private void register(ServiceDefinition service) {
        ServiceDefinition last = written.get(service.id());
        if (service.sameRegistration(last)) {
            log.info("The registry lost {} (Consul agent restarted or wiped, key deleted or expired?); registering it again",
                    service.id());
        }
        registry.register(service);
        written.put(service.id(), service.withMaintenance(null));
        if (owned != null) {
            owned.add(service.id());
        }
        metrics.registered(service);
        log.info("Registered {} as '{}' at {}:{} (name from {}{})", service.id(), service.name(), service.address(),
                service.port(), service.nameRule(), service.check() == null ? "" : ", " + service.check().type() + " check");
        if (service.maintenance() != null) {
            update(service);
        } else if (last != null && last.maintenance() != null) {
            written.put(service.id(), service.withMaintenance(last.maintenance()));
            update(service);
        }
        scheduleHeartbeat(service);
    }

    private void update(ServiceDefinition service) {
        ServiceDefinition last = written.get(service.id());
        if (!Objects.equals(last.maintenance(), service.maintenance())) {
            registry.maintenance(service.id(), service.maintenance() != null, service.maintenance());
            log.info("{} {} maintenance mode", service.id(), service.maintenance() != null ? "put into" : "taken out of");
            last = last.withMaintenance(service.maintenance());
            written.put(service.id(), last);
        }
        if (!Objects.equals(last.ttlStatus(), service.ttlStatus())) {
            registry.updateTtl(service.id(), service.ttlStatus(), output(service));
            log.info("{} check is now {}", service.id(), service.ttlStatus());
            written.put(service.id(), service);
        }
    }

    private static String output(ServiceDefinition service) {
        return "docker".equals(service.check().type()) ? "Docker HEALTHCHECK: " + service.ttlStatus() + " (registrator-agent)"
                : "container running (registrator-agent)";
    }

    private void scheduleHeartbeat(ServiceDefinition service) {
        if (service.check() != null && service.check().isTtl() && service.check().refresh() != null) {
            heartbeats.put(service.id(), clock.instant().plus(Durations.parse(service.check().refresh())));
        } else {
            heartbeats.remove(service.id());
        }
    }

    /** Re-sends the status of every TTL check whose refresh is due. */
    void heartbeat() {
        Instant now = clock.instant();
        for (Map.Entry<String, Instant> entry : Map.copyOf(heartbeats).entrySet()) {
            ServiceDefinition service = written.get(entry.getKey());
            if (service == null || service.ttlStatus() == null) {
                heartbeats.remove(entry.getKey());
            } else if (!now.isBefore(entry.getValue())) {
                try {
                    registry.updateTtl(service.id(), service.ttlStatus(), output(service));
                    scheduleHeartbeat(service);
                } catch (RegistryException e) {
                    metrics.error("consul");
                    log.debug("Cannot refresh the check of {}: {}", service.id(), e.getMessage());
                    heartbeats.put(service.id(), now.plus(HEARTBEAT_RETRY));
                }
            }
        }
    }

    /** Records a write's outcome (on the engine's thread: the backoff is not thread-safe); false when the registry did not answer at all. */
    private boolean recorded(Outcome outcome) {
        RegistryException e = outcome.failure();
        if (e == null) {
            backoff.succeeded(outcome.id());
            return true;
        }
        metrics.error("consul");
        Duration delay = backoff.failed(outcome.id(), clock.instant());
        log.warn("{}; retrying {} in {}", e.getMessage(), outcome.id(), delay);
        if (e instanceof RegistryUnreachableException) {
            reachable = false;
            return false;
        }
        return true;
    }
}
