package dev.servicegov.gateway.catalog;

import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.function.Function;

import dev.servicegov.gateway.consul.CatalogPresence;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import org.springframework.cloud.client.discovery.ReactiveDiscoveryClient;

/**
 * What the gateway sees in Consul right now. Service names come from Consul's catalog (healthy or
 * not); instances only where all their checks pass ({@code spring.cloud.consul.discovery.query-passing}).
 */
public class ServiceCatalog {

    private static final int SERVICES_AT_ONCE = 8;

    private final ReactiveDiscoveryClient discoveryClient;
    private final Function<String, Mono<CatalogPresence>> presenceLookup;
    private final Function<String, Instant> lastChangeLookup;

    /** Knows a service when the discovery client lists it; knows no instance list's last change. */
    public ServiceCatalog(ReactiveDiscoveryClient discoveryClient) {
        this(discoveryClient, name -> discoveryClient.getServices().any(name::equals).map(CatalogPresence::of),
                name -> null);
    }

    /**
     * @param presenceLookup whether Consul's catalog has a service (see {@link #presenceOf})
     * @param lastChangeLookup when a service's instance list last changed, {@code null} when not known
     */
    public ServiceCatalog(ReactiveDiscoveryClient discoveryClient,
            Function<String, Mono<CatalogPresence>> presenceLookup, Function<String, Instant> lastChangeLookup) {
        this.discoveryClient = discoveryClient;
        this.presenceLookup = presenceLookup;
        this.lastChangeLookup = lastChangeLookup;
    }

    /**
     * Every service, sorted by name, with its healthy instances sorted by id and when that list last changed. A
     * service no watch follows is a query to Consul: a few at a time, so that a catalog of hundreds does not open as
     * many connections to the Consul agent at once, past its limit per client.
     */
    public Mono<List<ServiceView>> snapshot() {
        return discoveryClient.getServices()
                .flatMap(name -> discoveryClient.getInstances(name)
                        .map(InstanceView::of)
                        .sort(Comparator.comparing(InstanceView::id, Comparator.nullsLast(Comparator.naturalOrder())))
                        .collectList()
                        .map(instances -> new ServiceView(name, instances, lastChangeLookup.apply(name))),
                        SERVICES_AT_ONCE)
                .sort(Comparator.comparing(ServiceView::name))
                .collectList();
    }

    /** Whether Consul's catalog has the service at all, whatever its instances' health, if that can be known. */
    public Mono<CatalogPresence> presenceOf(String serviceName) {
        return presenceLookup.apply(serviceName);
    }

    /** The names Consul's catalog holds. */
    public Flux<String> serviceNames() {
        return discoveryClient.getServices();
    }
}
