package dev.servicegov.registrator.registry.consul;

import dev.servicegov.registrator.registry.ServiceRegistry;

import org.springframework.boot.health.contributor.AbstractHealthIndicator;
import org.springframework.boot.health.contributor.Health;
import org.springframework.stereotype.Component;

/** Shows at {@code /actuator/health} under {@code consul} whether the Consul agent answers. */
@Component("consul")
public class ConsulHealthIndicator extends AbstractHealthIndicator {

    private final ServiceRegistry registry;

    public ConsulHealthIndicator(ServiceRegistry registry) {
        super("Consul agent does not answer");
        this.registry = registry;
    }

    @Override
    protected void doHealthCheck(Health.Builder builder) {
        registry.ping();
        builder.up();
    }
}
