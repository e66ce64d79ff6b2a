package dev.servicegov.registrator.registry;

import org.springframework.boot.health.contributor.AbstractHealthIndicator;
import org.springframework.boot.health.contributor.Health;

/**
 * Whether the registry answers, shown at {@code /actuator/health} under {@code registry.<backend>}. A registry that
 * does not answer is DOWN with the reason as its {@code error} detail, without the stack trace that a health check
 * failing by exception would log on every poll (Docker's healthcheck polls every 2 s).
 */
public class RegistryHealthIndicator extends AbstractHealthIndicator {

    private final ServiceRegistry registry;
    private final String where;

    public RegistryHealthIndicator(ServiceRegistry registry, String where) {
        super(where + " does not answer");
        this.registry = registry;
        this.where = where;
    }

    @Override
    protected void doHealthCheck(Health.Builder builder) {
        builder.withDetail("registry", where);
        try {
            registry.ping();
            builder.up();
        } catch (RegistryException e) {
            builder.down().withDetail("error", e.getMessage());
        }
    }
}
