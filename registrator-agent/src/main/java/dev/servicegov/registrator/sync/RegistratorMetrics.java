package dev.servicegov.registrator.sync;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;

import org.springframework.stereotype.Component;

/** The agent's counters: {@code registrator_events_total}, {@code registrator_registrations_total}... */
@Component
public class RegistratorMetrics {

    private final MeterRegistry registry;
    private final Counter registrations;
    private final Counter deregistrations;

    public RegistratorMetrics(MeterRegistry registry) {
        this.registry = registry;
        this.registrations = Counter.builder("registrator.registrations").description("services registered").register(registry);
        this.deregistrations = Counter.builder("registrator.deregistrations").description("services deregistered").register(registry);
    }

    public void event(String type) {
        Counter.builder("registrator.events").description("Docker container events received").tag("type", type)
                .register(registry).increment();
    }

    public void registered() {
        registrations.increment();
    }

    public void deregistered() {
        deregistrations.increment();
    }

    /** @param kind e.g. {@code consul}, {@code docker}, {@code docker-events}, {@code mapping} */
    public void error(String kind) {
        Counter.builder("registrator.errors").description("errors by kind").tag("kind", kind).register(registry).increment();
    }
}
