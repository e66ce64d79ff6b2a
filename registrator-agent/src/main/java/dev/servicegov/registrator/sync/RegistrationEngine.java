package dev.servicegov.registrator.sync;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import dev.servicegov.registrator.bridge.ContainerInfo;
import dev.servicegov.registrator.bridge.Durations;
import dev.servicegov.registrator.bridge.MappingContext;
import dev.servicegov.registrator.bridge.MappingResult;
import dev.servicegov.registrator.bridge.ServiceDefinition;
import dev.servicegov.registrator.bridge.ServiceMapper;
import dev.servicegov.registrator.bridge.SyncPlan;
import dev.servicegov.registrator.bridge.SyncPlanner;
import dev.servicegov.registrator.config.RegistratorProperties;
import dev.servicegov.registrator.registry.RegistryException;
import dev.servicegov.registrator.registry.ServiceRegistry;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.stereotype.Component;

/**
 * Keeps the registry in line with the running containers. Events are queued by whoever receives
 * them (never blocking, never dropped) and processed by one worker thread, which alone touches the
 * state; failed registry writes are retried with backoff per service until they succeed.
 */
@Component
public class RegistrationEngine {

    private static final Logger log = LoggerFactory.getLogger(RegistrationEngine.class);
    private static final Set<String> STOPPING_SIGNALS = Set.of("2", "9", "15", "SIGINT", "SIGKILL", "SIGTERM", "INT", "KILL", "TERM");
    private static final Duration RETRY_RESYNC = Duration.ofSeconds(5);

    private final ServiceRegistry registry;
    private final ContainerSource containers;
    private final RegistratorMetrics metrics;
    private final RegistratorProperties properties;
    private final Clock clock;
    private final BlockingQueue<WorkItem> queue = new LinkedBlockingQueue<>();
    private final Map<String, List<ServiceDefinition>> desired = new HashMap<>();
    private final Map<String, List<String>> warned = new HashMap<>();
    private final Map<String, ServiceDefinition> written = new ConcurrentHashMap<>();
    private final RetryBackoff backoff;
    private Set<String> owned;
    private Instant nextResync = Instant.MAX;
    private volatile MappingContext context;
    private volatile Thread worker;

    @Autowired
    public RegistrationEngine(ServiceRegistry registry, ContainerSource containers, RegistratorMetrics metrics,
            RegistratorProperties properties) {
        this(registry, containers, metrics, properties, Clock.systemUTC());
    }

    RegistrationEngine(ServiceRegistry registry, ContainerSource containers, RegistratorMetrics metrics,
            RegistratorProperties properties, Clock clock) {
        this.registry = registry;
        this.containers = containers;
        this.metrics = metrics;
        this.properties = properties;
        this.clock = clock;
        this.backoff = new RetryBackoff(properties.maxRetryBackoff());
    }

    /** Prepares the mapping for the node and queues the first full reconcile; no thread yet. */
    public void init(String nodeName, String selfId) {
        this.context = new MappingContext(nodeName, properties.network(), Durations.format(properties.defaultCheckInterval()),
                Durations.format(properties.defaultCheckTimeout()), Durations.format(properties.deregisterCriticalServiceAfter()),
                selfId);
        submit(new WorkItem.Resync("start"));
    }

    /** Starts the worker thread. */
    public synchronized void start(String nodeName, String selfId) {
        init(nodeName, selfId);
        Thread thread = new Thread(this::loop, "registrator-sync");
        thread.setDaemon(true);
        worker = thread;
        thread.start();
    }

    public synchronized void stop() {
        Thread thread = worker;
        worker = null;
        if (thread != null) {
            thread.interrupt();
            try {
                thread.join(5000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /** Queues work; never blocks. */
    public void submit(WorkItem item) {
        queue.add(item);
    }

    /** What this agent registered and Consul accepted, by service id. */
    public List<ServiceDefinition> registrations() {
        return written.values().stream().sorted(Comparator.comparing(ServiceDefinition::id)).toList();
    }

    public int queued() {
        return queue.size();
    }

    private void loop() {
        while (worker == Thread.currentThread()) {
            try {
                runOnce(Duration.ofSeconds(1));
            } catch (InterruptedException e) {
                return;
            } catch (RuntimeException e) {
                metrics.error("internal");
                log.error("Unexpected error in the sync loop; continuing", e);
            }
        }
    }

    /** Waits up to {@code maxWait} for work, processes everything queued, reconciles when due, then syncs. */
    void runOnce(Duration maxWait) throws InterruptedException {
        Instant now = clock.instant();
        Instant wake = earliest(nextResync, backoff.nextAttempt());
        long waitMillis = maxWait.toMillis();
        if (wake != null && wake.isBefore(now.plus(maxWait))) {
            waitMillis = Math.max(0, Duration.between(now, wake).toMillis());
        }
        WorkItem item = queue.poll(waitMillis, TimeUnit.MILLISECONDS);
        boolean resync = false;
        while (item != null) {
            if (item instanceof WorkItem.Resync request) {
                log.info("Full reconcile requested: {}", request.reason());
                resync = true;
            } else if (item instanceof WorkItem.ContainerEvent event) {
                handle(event);
            }
            item = queue.poll();
        }
        if (resync || !clock.instant().isBefore(nextResync)) {
            reconcile();
        }
        sync();
    }

    private static Instant earliest(Instant a, Instant b) {
        return b == null || a.isBefore(b) ? a : b;
    }

    private void handle(WorkItem.ContainerEvent event) {
        metrics.event(event.action());
        log.debug("Event {} for container {}", event.action(), event.containerId());
        switch (event.action()) {
            case "die", "stop", "destroy", "pause", "oom" -> forget(event.containerId());
            case "kill" -> {
                if (event.signal() == null || STOPPING_SIGNALS.contains(event.signal().toUpperCase())) {
                    forget(event.containerId());
                }
            }
            default -> refresh(event.containerId());
        }
    }

    private void forget(String containerId) {
        desired.remove(containerId);
        warned.remove(containerId);
    }

    private void refresh(String containerId) {
        try {
            Optional<ContainerInfo> container = containers.inspectRunning(containerId);
            if (container.isPresent()) {
                desired.put(containerId, map(container.get()));
            } else {
                forget(containerId);
            }
        } catch (RuntimeException e) {
            metrics.error("docker");
            log.warn("Cannot inspect container {}: {}; reconciling in {}", containerId, e.getMessage(), RETRY_RESYNC);
            nextResync = clock.instant().plus(RETRY_RESYNC);
        }
    }

    private List<ServiceDefinition> map(ContainerInfo container) {
        MappingResult result = ServiceMapper.map(container, context);
        if (!result.warnings().isEmpty() && !result.warnings().equals(warned.get(container.id()))) {
            result.warnings().forEach(warning -> log.warn("{}", warning));
            result.warnings().forEach(warning -> metrics.error("mapping"));
        }
        warned.put(container.id(), result.warnings());
        return result.services();
    }

    private void reconcile() {
        Instant now = clock.instant();
        nextResync = now.plus(properties.resyncInterval());
        try {
            List<ContainerInfo> running = containers.running();
            Map<String, List<ServiceDefinition>> fresh = new HashMap<>();
            running.forEach(container -> fresh.put(container.id(), map(container)));
            warned.keySet().retainAll(fresh.keySet());
            desired.clear();
            desired.putAll(fresh);
        } catch (RuntimeException e) {
            metrics.error("docker");
            log.warn("Cannot list the running containers: {}; keeping the last known ones, retrying in {}", e.getMessage(), RETRY_RESYNC);
            nextResync = now.plus(RETRY_RESYNC);
        }
        try {
            owned = new HashSet<>(registry.listOwned(context.nodeName()));
        } catch (RegistryException e) {
            metrics.error("consul");
            log.warn("Cannot list the services registered in Consul: {}; retrying in {}", e.getMessage(), RETRY_RESYNC);
            owned = null;
            nextResync = now.plus(RETRY_RESYNC);
        }
    }

    private void sync() {
        Map<String, ServiceDefinition> wanted = new HashMap<>();
        desired.values().forEach(services -> services.forEach(service -> wanted.put(service.id(), service)));
        SyncPlan plan = SyncPlanner.plan(wanted, written, owned);
        Set<String> planned = new HashSet<>(plan.toDeregister());
        plan.toRegister().forEach(service -> planned.add(service.id()));
        backoff.retainOnly(planned);
        Instant now = clock.instant();
        for (ServiceDefinition service : plan.toRegister()) {
            if (backoff.isDue(service.id(), now)) {
                write(service.id(), () -> {
                    registry.register(service);
                    written.put(service.id(), service);
                    if (owned != null) {
                        owned.add(service.id());
                    }
                    metrics.registered();
                    log.info("Registered {} as '{}' at {}:{} (name from {})", service.id(), service.name(), service.address(),
                            service.port(), service.nameRule());
                });
            }
        }
        for (String id : plan.toDeregister()) {
            if (backoff.isDue(id, now)) {
                write(id, () -> {
                    registry.deregister(id);
                    written.remove(id);
                    if (owned != null) {
                        owned.remove(id);
                    }
                    metrics.deregistered();
                    log.info("Deregistered {}", id);
                });
            }
        }
    }

    private void write(String id, Runnable action) {
        try {
            action.run();
            backoff.succeeded(id);
        } catch (RegistryException e) {
            metrics.error("consul");
            Duration delay = backoff.failed(id, clock.instant());
            log.warn("{}; retrying {} in {}", e.getMessage(), id, delay);
        }
    }
}
