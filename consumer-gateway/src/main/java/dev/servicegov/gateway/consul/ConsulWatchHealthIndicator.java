package dev.servicegov.gateway.consul;

import java.util.LinkedHashMap;
import java.util.Map;

import org.springframework.boot.health.contributor.AbstractHealthIndicator;
import org.springframework.boot.health.contributor.Health;

/**
 * Health of the gateway's view of Consul. Stays UP while Consul is unreachable or leaderless — the
 * gateway keeps routing to the last known healthy instances — and says so in its details.
 */
public class ConsulWatchHealthIndicator extends AbstractHealthIndicator {

    private final ConsulReachability reachability;
    private final HealthWatchRegistry watches;
    private final CatalogWatch catalog;

    public ConsulWatchHealthIndicator(ConsulReachability reachability, HealthWatchRegistry watches, CatalogWatch catalog) {
        this.reachability = reachability;
        this.watches = watches;
        this.catalog = catalog;
    }

    @Override
    protected void doHealthCheck(Health.Builder builder) {
        ConsulReachability.State state = reachability.state();
        builder.up()
                .withDetail("consul", state.name().toLowerCase(java.util.Locale.ROOT).replace('_', ' '))
                .withDetail("leader", reachability.leader())
                .withDetail("since", reachability.since().toString())
                .withDetail("servingLastKnownInstances", state != ConsulReachability.State.REACHABLE);
        if (reachability.problem() != null) {
            builder.withDetail("problem", reachability.problem());
        }
        if (catalog.lastError() != null) {
            builder.withDetail("catalogWatchError", catalog.lastError());
        }
        Map<String, Object> services = new LinkedHashMap<>();
        watches.all().forEach(watch -> {
            Map<String, Object> detail = new LinkedHashMap<>();
            detail.put("passingInstances", watch.current().size());
            detail.put("lastAnswer", String.valueOf(watch.lastAnswer()));
            detail.put("index", watch.index());
            if (watch.lastError() != null) {
                detail.put("error", watch.lastError());
            }
            services.put(watch.service(), detail);
        });
        builder.withDetail("watchedServices", services);
    }
}
