package dev.servicegov.registrator.registry;

import org.springframework.boot.health.contributor.AbstractHealthIndicator;
import org.springframework.boot.health.contributor.Health;

/** Whether the registry answers, shown at {@code /actuator/health} under {@code registry.<backend>}. */
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
        registry.ping();
        builder.up().withDetail("registry", where);
    }
}
