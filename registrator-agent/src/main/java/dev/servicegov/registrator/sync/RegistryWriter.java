package dev.servicegov.registrator.sync;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

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
 * worker thread only, except {@link #registrations()}.
 */
final class RegistryWriter {

    private static final Logger log = LoggerFactory.getLogger(RegistryWriter.class);
    private static final Duration HEARTBEAT_RETRY = Duration.ofSeconds(1);
    /** The maintenance reason of a service found in the registry: whether it is in maintenance there is not listed. */
    private static final String MAINTENANCE_UNCONFIRMED = "(not confirmed since the agent started)";

    private final ServiceRegistry registry;
    private final RegistratorMetrics metrics;
    private final Clock clock;
    private final RetryBackoff backoff;
    private final Map<String, ServiceDefinition> written = new ConcurrentHashMap<>();
    private final Map<String, Instant> heartbeats = new HashMap<>();
    private final ListedServices listed = new ListedServices();
    private final ForeignServiceIds foreignIds = new ForeignServiceIds();
    /** Ids whose last write failed: said at WARN once, until a write of it succeeds. */
    private final Set<String> failing = new HashSet<>();
    private boolean reachable = true;

    RegistryWriter(ServiceRegistry registry, RegistratorMetrics metrics, Clock clock, RetryBackoff backoff) {
        this.registry = registry;
        this.metrics = metrics;
        this.clock = clock;
        this.backoff = backoff;
    }

    /** Reads which services the registry holds for the node; throws when it cannot be read (then unknown). */
    void listOwned(String nodeName) {
        try {
            listed.listed(registry.listOwned(nodeName), registry.foreignAtLastListing());
        } catch (RegistryException e) {
            listed.unknown();
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

    /**
     * Whether the registry holds this container's service under the service's id: written by this agent, or, right
     * after its start, found there for the same container.
     */
    boolean holds(ServiceDefinition service) {
        ServiceDefinition held = written.get(service.id());
        if (held != null) {
            return held.containerId().equals(service.containerId());
        }
        return listed.hasFor(service);
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
     *
     * @param keptContainers containers whose services stay even when not wanted (see {@link RetainedContainers})
     */
    int apply(Map<String, ServiceDefinition> wanted, boolean cleanup, Set<String> keptContainers) {
        adoptUnchanged(wanted);
        Map<String, ServiceDefinition> free = foreignIds.free(wanted, listed.foreign(), id -> {
            written.remove(id);
            heartbeats.remove(id);
        }, warning -> {
            log.warn("{}", warning);
            metrics.error("mapping");
        });
        SyncPlan plan = SyncPlanner.plan(free, written, listed.idsBut(keptContainers, free), cleanup);
        // what leaves rotation first (gone containers, then maintenance and check changes), so that consumers stop
        // choosing dead instances before the pass spends its time on new ones
        Map<String, Runnable> writes = new LinkedHashMap<>();
        plan.toDeregister().forEach(id -> writes.put(id, () -> deregister(id)));
        plan.toUpdate().forEach(service -> writes.put(service.id(), () -> update(service)));
        plan.toRegister().forEach(service -> writes.put(service.id(), () -> register(service, plan.replacing().get(service.id()))));
        backoff.retainOnly(writes.keySet());
        failing.retainAll(writes.keySet());
        Instant now = clock.instant();
        List<String> due = writes.keySet().stream().filter(id -> backoff.isDue(id, now)).toList();
        for (int i = 0; i < due.size(); i++) {
            if (!write(due.get(i), writes.get(due.get(i)))) {
                due.subList(i + 1, due.size()).forEach(id -> backoff.failed(id, now));
                break;
            }
        }
        return writes.size();
    }

    /** How many entries each of its records keeps, by record: nothing is to outlive its service. */
    Map<String, Integer> remembered() {
        return Map.of("written", written.size(), "heartbeats", heartbeats.size(), "failing", failing.size(),
                "backoff", backoff.size(), "foreignIds", foreignIds.size());
    }

    /** The containers of the services the registry holds for the node, as last listed. */
    Set<String> ownedContainers() {
        return listed.containers();
    }

    /**
     * Counts as written every wanted service that the registry already holds as it is wanted (same fingerprint), which
     * is what a restarted agent finds. Registering it again would cost the registry a write for nothing: a Raft commit
     * in Consul, a new revision and woken watchers in a key-value store. Registries do not list a service's maintenance
     * mode and TTL status, so the update that follows sends both; the status only of a TTL check the agent drives
     * (refreshed, or a Docker HEALTHCHECK's): one the application sets keeps the application's word.
     */
    private void adoptUnchanged(Map<String, ServiceDefinition> wanted) {
        if (listed.isEmpty()) {
            return;
        }
        List<String> adopted = new ArrayList<>();
        for (ServiceDefinition service : wanted.values()) {
            if (!written.containsKey(service.id()) && service.fingerprint().equals(listed.fingerprintOf(service.id()))) {
                ServiceDefinition unconfirmed = service.withMaintenance(MAINTENANCE_UNCONFIRMED);
                written.put(service.id(), service.ttlStatus() == null || service.check().refresh() == null ? unconfirmed
                        : unconfirmed.withCheck(service.check().withStatus(null)));
                adopted.add(service.id());
            }
        }
        if (!adopted.isEmpty()) {
            adopted.sort(null);
            log.info("The registry holds {} service(s) as they should be; not registering them again: {}", adopted.size(), adopted);
        }
    }

    private void deregister(String id) {
        registry.deregister(id);
        recordDeregistered(id);
        log.info("Deregistered {}", id);
    }

    private void recordDeregistered(String id) {
        written.remove(id);
        heartbeats.remove(id);
        listed.deregistered(id);
        metrics.deregistered();
    }

    /** @param replacedId the id the same instance had so far (see {@link SyncPlan#replacing()}), or {@code null} */
    private void register(ServiceDefinition service, String replacedId) {
        ServiceDefinition last = written.get(service.id());
        if (service.sameRegistration(last)) {
            log.info("The registry lost {} (Consul agent restarted or wiped, its check critical for deregister-critical-service-after, "
                    + "key deleted or expired?); registering it again",
                    service.id());
        }
        if (replacedId == null) {
            registry.register(service);
        } else {
            registry.replace(service, replacedId);
            recordDeregistered(replacedId);
        }
        written.put(service.id(), service.withMaintenance(null));
        listed.registered(service);
        metrics.registered(service);
        log.info("Registered {} as '{}' at {}:{} (name from {}{}){}", service.id(), service.name(), service.address(),
                service.port(), service.nameRule(), (service.check() == null ? "" : ", " + service.check().type() + " check")
                        + (service.extraChecks().isEmpty() ? "" : " and " + service.extraChecks().size() + " more"),
                replacedId == null ? "" : "; then deregistered " + replacedId + ", its id before the container was renamed");
        // before the maintenance write, which may fail: its retry is an update, which schedules no heartbeat
        scheduleHeartbeat(service);
        if (service.maintenance() != null) {
            update(service);
        } else if (last != null && last.maintenance() != null) {
            written.put(service.id(), service.withMaintenance(last.maintenance()));
            update(service);
        }
    }

    private void update(ServiceDefinition service) {
        ServiceDefinition last = written.get(service.id());
        if (!Objects.equals(last.maintenance(), service.maintenance())) {
            registry.maintenance(service.id(), service.maintenance() != null, service.maintenance());
            if (service.maintenance() != null || !MAINTENANCE_UNCONFIRMED.equals(last.maintenance())) {
                log.info("{} {} maintenance mode", service.id(), service.maintenance() != null ? "put into" : "taken out of");
            }
            last = last.withMaintenance(service.maintenance());
            written.put(service.id(), last);
        }
        if (!Objects.equals(last.ttlStatus(), service.ttlStatus())) {
            registry.updateTtl(service.id(), service.ttlStatus(), output(service));
            log.info("{} check is now {}", service.id(), service.ttlStatus());
            written.put(service.id(), service);
            scheduleHeartbeat(service);
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

    /**
     * Re-sends the status of every TTL check whose refresh is due. When the registry does not answer at all, every due
     * heartbeat waits for the next try, so one outage costs one timeout per pass, not one per check.
     */
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
                    Instant retry = now.plus(HEARTBEAT_RETRY);
                    if (e instanceof RegistryUnreachableException) {
                        heartbeats.replaceAll((id, due) -> due.isAfter(now) ? due : retry);
                        return;
                    }
                    heartbeats.put(service.id(), retry);
                }
            }
        }
    }

    /** Runs one write; false when the registry did not answer at all. */
    private boolean write(String id, Runnable action) {
        try {
            action.run();
            backoff.succeeded(id);
            failing.remove(id);
            return true;
        } catch (RegistryException e) {
            metrics.error("consul");
            Duration delay = backoff.failed(id, clock.instant());
            if (failing.add(id)) {
                log.warn("{}; retrying {} in {}, with backoff (its next failures at DEBUG until it succeeds)", e.getMessage(), id, delay);
            } else {
                log.debug("{}; retrying {} in {}", e.getMessage(), id, delay);
            }
            if (e instanceof RegistryUnreachableException) {
                reachable = false;
                return false;
            }
            return true;
        }
    }
}
