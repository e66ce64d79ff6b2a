package dev.servicegov.registrator.sync;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;

import dev.servicegov.registrator.bridge.ServiceDefinition;

import org.springframework.stereotype.Component;

/**
 * The agent's meters: {@code registrator_events_total} by type, {@code registrator_registrations_total},
 * {@code registrator_deregistrations_total}, {@code registrator_errors_total} by kind, {@code registrator_services}
 * (registered now), {@code registrator_registration_latency_seconds} (a container event's arrival to the registry
 * accepting the service), {@code registrator_reconciles_total} and {@code registrator_reconcile_changes} (what each
 * found to write).
 */
@Component
public class RegistratorMetrics {

    private final MeterRegistry registry;
    private final Counter registrations;
    private final Counter deregistrations;
    private final Counter reconciles;
    private final DistributionSummary reconcileChanges;
    private final Timer registrationLatency;
    private final Map<String, Long> eventArrivals = new ConcurrentHashMap<>();

    public RegistratorMetrics(MeterRegistry registry) {
        this.registry = registry;
        this.registrations = Counter.builder("registrator.registrations").description("services registered").register(registry);
        this.deregistrations = Counter.builder("registrator.deregistrations").description("services deregistered").register(registry);
        this.reconciles = Counter.builder("registrator.reconciles").description("full reconciles run").register(registry);
        this.reconcileChanges = DistributionSummary.builder("registrator.reconcile.changes")
                .description("services a full reconcile found to register, update or deregister").register(registry);
        this.registrationLatency = Timer.builder("registrator.registration.latency")
                .description("from a container event's arrival to the registry accepting the service")
                .publishPercentiles(0.5, 0.99).register(registry);
    }

    /** Counts the services registered now, as the supplier tells. */
    public void trackServices(Supplier<Number> registered) {
        Gauge.builder("registrator.services", registered).description("services registered now").register(registry);
    }

    /** A container event arrived: its services' registration latency counts from now. */
    public void eventArrived(String containerId) {
        eventArrivals.putIfAbsent(containerId, System.nanoTime());
    }

    /** Forgets the arrivals of containers with nothing left to register (the predicate says which). */
    public void eventsSettled(java.util.function.Predicate<String> settled) {
        eventArrivals.keySet().removeIf(settled);
    }

    /** How many containers' start events wait for their services' registration. */
    int pendingArrivals() {
        return eventArrivals.size();
    }

    /** A full reconcile ran and found this many services to register, update or deregister. */
    public void reconciled(int changes) {
        reconciles.increment();
        reconcileChanges.record(changes);
    }

    public void event(String type) {
        Counter.builder("registrator.events").description("Docker container events received").tag("type", type)
                .register(registry).increment();
    }

    public void registered(ServiceDefinition service) {
        registrations.increment();
        Long arrived = service.containerId() == null ? null : eventArrivals.remove(service.containerId());
        if (arrived != null) {
            registrationLatency.record(Duration.ofNanos(System.nanoTime() - arrived));
        }
    }

    public void deregistered() {
        deregistrations.increment();
    }

    /** @param kind e.g. {@code consul}, {@code docker}, {@code docker-events}, {@code mapping} */
    public void error(String kind) {
        Counter.builder("registrator.errors").description("errors by kind").tag("kind", kind).register(registry).increment();
    }
}
