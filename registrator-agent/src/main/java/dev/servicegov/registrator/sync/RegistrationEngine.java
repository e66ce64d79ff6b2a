package dev.servicegov.registrator.sync;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;

import dev.servicegov.registrator.bridge.ContainerInfo;
import dev.servicegov.registrator.bridge.MappingContext;
import dev.servicegov.registrator.bridge.ServiceDefinition;
import dev.servicegov.registrator.config.RegistratorProperties;
import dev.servicegov.registrator.registry.RegistryException;
import dev.servicegov.registrator.registry.ServiceRegistry;
import dev.servicegov.registrator.sync.ContainerEventRules.Outcome;

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
    private static final Duration RETRY_RESYNC = Duration.ofSeconds(5);

    private final ContainerSource containers;
    private final RegistratorMetrics metrics;
    private final RegistratorProperties properties;
    private final Clock clock;
    private final BlockingQueue<WorkItem> queue = new LinkedBlockingQueue<>();
    private final Map<String, List<ServiceDefinition>> desired = new HashMap<>();
    private final RetainedContainers retained;
    private final ContainerStops stops = new ContainerStops();
    private final ContainerMapper mapper;
    private final RegistryWriter writer;
    private final ServiceIdClaims claims = new ServiceIdClaims();
    private Instant nextResync = Instant.MAX;
    private Instant nextWatch = Instant.MAX;
    /** Whether Docker's running containers were listed once: before that, no service is an orphan (see {@link #sync()}). */
    private boolean containersListed;
    private volatile MappingContext context;
    private volatile Set<String> agentNetworks = Set.of();
    private final SyncWorker worker;

    @Autowired
    public RegistrationEngine(ServiceRegistry registry, ContainerSource containers, RegistratorMetrics metrics,
            RegistratorProperties properties) {
        this(registry, containers, metrics, properties, MonotonicClock.startingNow());
    }

    RegistrationEngine(ServiceRegistry registry, ContainerSource containers, RegistratorMetrics metrics,
            RegistratorProperties properties, Clock clock) {
        this.containers = containers;
        this.metrics = metrics;
        this.properties = properties;
        this.clock = clock;
        this.retained = new RetainedContainers(properties.deregister() == RegistratorProperties.DeregisterMode.ON_SUCCESS,
                containers);
        this.mapper = new ContainerMapper(stops, metrics, properties.deregister(), clock);
        this.writer = new RegistryWriter(registry, metrics, clock, new RetryBackoff(properties.retryInterval(), properties.maxRetryBackoff()));
        this.worker = new SyncWorker(this::runOnce, () -> metrics.error("internal"));
        metrics.trackServices(writer::count);
    }

    /** Prepares the mapping for the node and queues the first full reconcile; no thread yet. */
    public synchronized void init(String nodeName, String selfId) {
        Mapping.tagWarnings(properties).forEach(warning -> {
            log.warn("{}", warning);
            metrics.error("config");
        });
        this.context = Mapping.context(properties, nodeName, selfId).withAgentNetworks(agentNetworks);
        submit(new WorkItem.Resync("start"));
    }

    /** The Consul agent container's networks, preferred for containers on several; a change maps every container again. */
    public synchronized void agentNetworks(Set<String> networks) {
        if (networks.equals(agentNetworks)) {
            return;
        }
        agentNetworks = Set.copyOf(networks);
        MappingContext current = context;
        if (current != null) {
            context = current.withAgentNetworks(agentNetworks);
            submit(new WorkItem.Resync("the Consul agent's networks are now " + new TreeSet<>(networks)));
        }
    }

    /** Starts the worker thread. */
    public synchronized void start(String nodeName, String selfId) {
        init(nodeName, selfId);
        worker.start();
    }

    /** Stops the worker thread, once it has written what the work queued by then asks for ({@link SyncWorker}). */
    public void stop() {
        worker.stop();
    }

    /** Queues work; never blocks. */
    public void submit(WorkItem item) {
        if (item instanceof WorkItem.ContainerEvent event && "start".equals(event.action())) {
            metrics.eventArrived(event.containerId());
        }
        queue.add(item);
    }

    /** What this agent registered and Consul accepted, by service id. */
    public List<ServiceDefinition> registrations() {
        return writer.registrations();
    }

    /**
     * How many entries each of its records keeps, by record: nothing is to outlive its container, as containers come
     * and go for weeks.
     */
    Map<String, Integer> remembered() {
        Map<String, Integer> sizes = new TreeMap<>(writer.remembered());
        sizes.putAll(Map.of("desired", desired.size(), "retained", retained.ids().size(), "stops", stops.size(),
                "mapper", mapper.size(), "claims", claims.size(), "eventArrivals", metrics.pendingArrivals()));
        return sizes;
    }

    public int queued() {
        return queue.size();
    }

    /**
     * Waits up to {@code maxWait} for work, processes everything queued, reconciles when due, syncs, reads the
     * Consul agent's services when due and puts back what it lost, and sends the due TTL heartbeats.
     */
    void runOnce(Duration maxWait) throws InterruptedException {
        Instant now = clock.instant();
        Instant wake = earliest(earliest(nextResync, nextWatch), writer.nextDue());
        long waitMillis = maxWait.toMillis();
        if (wake.isBefore(now.plus(maxWait))) {
            waitMillis = Math.max(0, Duration.between(now, wake).toMillis());
        }
        EventBatch batch = EventBatch.drain(queue, waitMillis);
        boolean resync = false;
        Set<String> namespaceChanged = new HashSet<>();
        for (int i = 0; i < batch.size(); i++) {
            if (batch.get(i) instanceof WorkItem.Resync request) {
                log.info("Full reconcile requested: {}", request.reason());
                resync = true;
            } else if (batch.get(i) instanceof WorkItem.ContainerEvent event) {
                handle(event, batch.inspectAt(i));
                if (ContainerEventRules.changesNetworkNamespace(event.action())) {
                    namespaceChanged.add(event.containerId());
                }
            }
        }
        // the containers in those ones' network namespaces get no event of their own: their addresses changed too
        mapper.inNamespaceOf(namespaceChanged).forEach(this::refresh);
        boolean reconciling = resync || !clock.instant().isBefore(nextResync);
        if (reconciling) {
            reconcile();
        }
        int changes = sync();
        if (reconciling) {
            metrics.reconciled(changes);
        } else if (!clock.instant().isBefore(nextWatch)) {
            // after the writes, not before, so that a new container's registration does not wait for this read
            watchAgent();
            sync();
        }
        metrics.eventsSettled(containerId -> desired.getOrDefault(containerId, List.of()).stream().allMatch(writer::isWritten));
        writer.heartbeat();
    }

    private static Instant earliest(Instant a, Instant b) {
        return b == null || a.isBefore(b) ? a : b;
    }

    private void handle(WorkItem.ContainerEvent event, boolean inspect) {
        String action = event.action().startsWith("health_status") ? "health_status" : event.action();
        metrics.event(action);
        log.debug("Event {} for container {}", event.action(), event.containerId());
        String id = event.containerId();
        Outcome outcome = ContainerEventRules.outcome(action, event.signal(), event.exitCode(), stops.stopSignalOf(id),
                properties.deregister(), desired.containsKey(id));
        if (ContainerEventRules.startsAnew(action)) {
            stops.started(id);
        }
        switch (outcome) {
            case FORGET -> forget(id);
            case WITHDRAW -> {
                forget(id);
                stops.stopping(id, clock.instant());
            }
            case DRAIN -> {
                desired.computeIfPresent(id, (key, services) -> ContainerEventRules.draining(services));
                stops.stopping(id, clock.instant());
            }
            case RETAIN -> {
                retained.add(id);
                desired.computeIfPresent(id, (key, services) -> ContainerEventRules.exited(services));
                log.info("Container {} exited with code {}: keeping its services (deregister=on-success)", id, event.exitCode());
            }
            case INSPECT -> {
                if (inspect) {
                    refresh(id);
                }
            }
            case NONE -> {
            }
        }
    }

    private void forget(String containerId) {
        desired.remove(containerId);
        retained.remove(containerId);
        mapper.forget(containerId);
    }

    private void refresh(String containerId) {
        try {
            Optional<ContainerInfo> container = containers.inspectRunning(containerId);
            if (container.isPresent()) {
                retained.remove(containerId);
                desired.put(containerId, mapper.servicesOf(container.get(), context));
            } else if (!retained.contains(containerId)) {
                forget(containerId);
            }
        } catch (RuntimeException e) {
            metrics.error("docker");
            log.warn("Cannot inspect container {}: {}; reconciling in {}", containerId, e.getMessage(), RETRY_RESYNC);
            nextResync = clock.instant().plus(RETRY_RESYNC);
        }
    }

    private void reconcile() {
        Instant now = clock.instant();
        Duration every = properties.resyncInterval();
        nextResync = every.isZero() || every.isNegative() ? Instant.MAX : now.plus(every);
        try {
            // first: which containers the registry holds services for tells which exited ones keep theirs
            writer.listOwned(context.nodeName());
        } catch (RegistryException e) {
            metrics.error("consul");
            log.warn("Cannot list the services registered in the registry: {}; retrying in {}", e.getMessage(), RETRY_RESYNC);
            nextResync = now.plus(RETRY_RESYNC);
        }
        try {
            List<ContainerInfo> running = containers.running();
            Map<String, List<ServiceDefinition>> fresh = new HashMap<>();
            running.forEach(container -> fresh.put(container.id(), mapper.servicesOf(container, context)));
            retained.reconcile(fresh.keySet(), writer.ownedContainers());
            retained.ids().forEach(id -> fresh.put(id, desired.getOrDefault(id, List.of())));
            mapper.retainOnly(fresh.keySet());
            desired.clear();
            desired.putAll(fresh);
            containersListed = true;
        } catch (RuntimeException e) {
            metrics.error("docker");
            log.warn("Cannot list the running containers: {}; keeping the last known ones, retrying in {}", e.getMessage(), RETRY_RESYNC);
            nextResync = now.plus(RETRY_RESYNC);
        }
        scheduleWatch(now);
    }

    /** Reads the agent's services so that the sync puts back what it lost; quiet, the next write logs failures. */
    private void watchAgent() {
        scheduleWatch(clock.instant());
        try {
            writer.listOwned(context.nodeName());
        } catch (RegistryException e) {
            log.debug("Cannot list the services registered in the registry: {}", e.getMessage());
        }
    }

    private void scheduleWatch(Instant now) {
        Duration interval = properties.agentWatchInterval();
        nextWatch = interval.isZero() || interval.isNegative() ? Instant.MAX : now.plus(interval);
    }

    /** Writes what differs; returns how many services needed a write. */
    private int sync() {
        Map<String, ServiceDefinition> wanted = claims.wanted(desired.values(), writer::holds, warning -> {
            log.warn("{}", warning);
            metrics.error("mapping");
        });
        // until Docker has listed its containers once, a service in the registry whose container the agent has not seen
        // may well be running: removing it would take every instance of a restarted agent out while Docker fails
        return writer.apply(wanted, properties.cleanup() && containersListed, retained.ids());
    }
}
