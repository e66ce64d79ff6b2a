package dev.servicegov.gateway.catalog;

import java.time.Duration;
import java.time.Instant;
import java.util.function.BooleanSupplier;

import dev.servicegov.gateway.consul.CatalogWatch;
import dev.servicegov.gateway.consul.ConsulClient;
import dev.servicegov.gateway.consul.HealthWatch;
import dev.servicegov.gateway.consul.HealthWatchRegistry;
import reactor.core.publisher.Flux;

import org.springframework.cloud.client.ServiceInstance;
import org.springframework.cloud.client.discovery.ReactiveDiscoveryClient;

/**
 * Consul as {@code GET /services} sees it: the catalog's names as last known; the passing instances of
 * a watched service as its watch last saw them, of any other service as Consul answers now (none when
 * Consul does not answer, and none asked for while the gateway knows Consul unreachable or without a leader: with hundreds of services
 * past {@code gateway.watch.max-watches}, each question would wait its timeout).
 */
public class WatchedDiscoveryClient implements ReactiveDiscoveryClient {

    private final CatalogWatch catalog;
    private final HealthWatchRegistry watches;
    private final ConsulClient consul;
    private final BooleanSupplier consulReachable;

    /** @param consulReachable whether Consul answered the gateway's last probe */
    public WatchedDiscoveryClient(CatalogWatch catalog, HealthWatchRegistry watches, ConsulClient consul,
            BooleanSupplier consulReachable) {
        this.catalog = catalog;
        this.watches = watches;
        this.consul = consul;
        this.consulReachable = consulReachable;
    }

    @Override
    public String description() {
        return "Consul (watched)";
    }

    @Override
    public Flux<ServiceInstance> getInstances(String serviceId) {
        return watches.watched(serviceId)
                .map(HealthWatch::current)
                .map(Flux::fromIterable)
                .orElseGet(() -> !consulReachable.getAsBoolean() ? Flux.empty()
                        : consul.passingInstances(serviceId, 0, Duration.ZERO)
                        .timeout(Duration.ofSeconds(5))
                        .flatMapMany(answer -> Flux.fromIterable(answer.value()))
                        .onErrorResume(error -> Flux.empty()));
    }

    /**
     * When the instances {@link #getInstances} gives for the service last changed: as its watch saw it;
     * {@code null} when it is not watched (they are then Consul's answer of the moment).
     */
    public Instant lastChange(String serviceId) {
        return watches.watched(serviceId).map(HealthWatch::lastChange).orElse(null);
    }

    @Override
    public Flux<String> getServices() {
        return catalog.serviceNames();
    }
}
