package dev.servicegov.gateway.observe;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.IntSupplier;

import dev.servicegov.gateway.consul.ConsulReachability;
import dev.servicegov.gateway.consul.HealthWatch;
import dev.servicegov.gateway.consul.HealthWatchRegistry;
import dev.servicegov.gateway.instances.InFlightRequests;
import dev.servicegov.gateway.instances.InstanceQuarantine;
import dev.servicegov.gateway.settings.GatewayProperties;

import org.springframework.cloud.client.ServiceInstance;

/** What the status page shows: Consul's state, each watched service's instances, and the recent spread. */
public class StatusReport {

    /** Consul as the gateway sees it. */
    public record ConsulState(String state, String leader, String since, String problem) {
    }

    /** One instance: where it is, whether it is put aside, its requests in flight and in the recent window. */
    public record InstanceState(String id, String host, int port, Map<String, String> metadata, boolean putAside,
            int inFlight, long recentRequests) {
    }

    /** One watched service. */
    public record ServiceState(String name, String policy, String lastChange, String lastAnswer, String error,
            List<InstanceState> instances, Map<String, Long> recentSpread) {
    }

    /**
     * The whole page.
     *
     * @param recentWindow how many of the gateway's last tries at instances are kept (a retry is a try of its own)
     * @param recentHeld how many it holds now, of all services
     * @param catalogServices how many services Consul's catalog lists (the page shows the watched ones)
     */
    public record Report(ConsulState consul, int recentWindow, int recentHeld, int catalogServices,
            List<ServiceState> services) {
    }

    private final ConsulReachability reachability;
    private final HealthWatchRegistry watches;
    private final InstanceQuarantine quarantine;
    private final InFlightRequests inFlight;
    private final RecentRequests recent;
    private final GatewayProperties properties;
    private final IntSupplier catalogSize;

    /** @param catalogSize how many services Consul's catalog lists */
    public StatusReport(ConsulReachability reachability, HealthWatchRegistry watches, InstanceQuarantine quarantine,
            InFlightRequests inFlight, RecentRequests recent, GatewayProperties properties, IntSupplier catalogSize) {
        this.reachability = reachability;
        this.watches = watches;
        this.quarantine = quarantine;
        this.inFlight = inFlight;
        this.recent = recent;
        this.properties = properties;
        this.catalogSize = catalogSize;
    }

    public Report report() {
        Map<String, Map<String, Long>> spread = new LinkedHashMap<>();
        List<RecentRequests.Entry> tries = recent.snapshot();
        for (RecentRequests.Entry entry : tries) {
            spread.computeIfAbsent(entry.service(), name -> new LinkedHashMap<>()).merge(entry.instance(), 1L, Long::sum);
        }
        List<ServiceState> services = new ArrayList<>();
        for (HealthWatch watch : watches.all()) {
            Map<String, Long> serviceSpread = spread.getOrDefault(watch.service(), Map.of());
            List<InstanceState> instances = new ArrayList<>();
            for (ServiceInstance instance : watch.current()) {
                instances.add(new InstanceState(instance.getInstanceId(), instance.getHost(), instance.getPort(),
                        instance.getMetadata(), quarantine.isPutAside(instance), inFlight.of(instance),
                        serviceSpread.getOrDefault(instance.getInstanceId(), 0L)));
            }
            services.add(new ServiceState(watch.service(),
                    properties.policyOf(watch.service()).name().toLowerCase(java.util.Locale.ROOT).replace('_', '-'),
                    Objects.toString(watch.lastChange(), null), Objects.toString(watch.lastAnswer(), null), watch.lastError(),
                    instances, serviceSpread));
        }
        services.sort(Comparator.comparing(ServiceState::name));
        ConsulState consul = new ConsulState(reachability.state().name().toLowerCase(java.util.Locale.ROOT),
                reachability.leader(), reachability.since().toString(), reachability.problem());
        return new Report(consul, recent.capacity(), tries.size(), catalogSize.getAsInt(), services);
    }
}
