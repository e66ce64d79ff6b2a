package dev.servicegov.gateway.observe;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;
import java.util.stream.Collectors;

import dev.servicegov.gateway.consul.InstanceListListener;
import dev.servicegov.gateway.lifetime.PerServiceState;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;

import org.springframework.cloud.client.ServiceInstance;

/**
 * The gateway's own meters (Prometheus: {@code /actuator/prometheus}):
 * <ul>
 * <li>{@code gateway.upstream.requests} timer with histogram (service, instance, outcome: status class,
 * {@code connect_error}, {@code timeout}, {@code error} or {@code client_closed}) — every try, retries included;</li>
 * <li>{@code gateway.upstream.errors} counter (service, instance, kind);</li>
 * <li>{@code gateway.upstream.retries} counter (service): tries after the first;</li>
 * <li>{@code gateway.answers} counter (service, status, error): routed requests the gateway answered itself, with no
 * instance's answer to pass on (no healthy instance, every try failed, a timeout, a body too large, a WebSocket upgrade
 * refused);</li>
 * <li>{@code gateway.instances.updates} counter and {@code gateway.instances.passing} gauge (service);</li>
 * <li>{@code gateway.websockets.opened} counter and {@code gateway.websockets.open} gauge (service): WebSockets carried
 * to an instance.</li>
 * </ul>
 * A service's meters go when it leaves Consul's catalog, so short-lived services do not pile up in the registry (and
 * those a try still in flight then metered afresh, when it is {@linkplain #release released}); an instance's, once it
 * has not passed for {@link #KEPT_AFTER_LEAVING} (at the next change of its service's list or the next
 * {@linkplain #expire() expiry}, whichever comes first), so that every redeployment's new instance ids do not pile up
 * either, while a scrape still gets what an instance that just left counted.
 */
public class GatewayMetrics implements InstanceListListener, PerServiceState {

    /** Which try: the meters of a request are looked up here, not built and registered anew each time. */
    private record TryKey(String service, String instance, String outcome) {
    }

    static final Duration KEPT_AFTER_LEAVING = Duration.ofMinutes(5);

    private final MeterRegistry registry;
    private final Clock clock;
    private final Map<String, AtomicInteger> passing = new ConcurrentHashMap<>();
    private final Map<String, AtomicInteger> openWebSockets = new ConcurrentHashMap<>();
    private final Map<TryKey, Timer> tries = new ConcurrentHashMap<>();
    /** Per service, the instances its watch last saw passing, by their {@code instance} tag. */
    private final Map<String, Set<String>> lastPassing = new ConcurrentHashMap<>();
    /** Per service, the metered instances no longer passing, since when. */
    private final Map<String, Map<String, Instant>> leftAt = new ConcurrentHashMap<>();

    public GatewayMetrics(MeterRegistry registry) {
        this(registry, Clock.systemUTC());
    }

    GatewayMetrics(MeterRegistry registry, Clock clock) {
        this.registry = registry;
        this.clock = clock;
    }

    /** How an instance is named in the {@code instance} tag: its id, else its address. */
    public static String instanceTag(ServiceInstance instance) {
        return instance.getInstanceId() != null ? instance.getInstanceId() : instance.getHost() + ":" + instance.getPort();
    }

    /** One try at an instance ended. */
    public void attempted(String service, String instance, String outcome, Duration took) {
        tries.computeIfAbsent(new TryKey(service, instance, statusClass(outcome)), key -> Timer.builder("gateway.upstream.requests")
                .description("Requests the gateway sent to an instance (each try), by outcome")
                .tags("service", key.service(), "instance", key.instance(), "outcome", key.outcome())
                .publishPercentileHistogram()
                .register(registry))
                .record(took);
    }

    public void failed(String service, String instance, String kind) {
        Counter.builder("gateway.upstream.errors").description("Tries that failed, by kind")
                .tags("service", service, "instance", instance, "kind", kind)
                .register(registry).increment();
    }

    public void retried(String service) {
        Counter.builder("gateway.upstream.retries").description("Tries after the first of a request")
                .tags("service", service).register(registry).increment();
    }

    /** The gateway answered a routed request itself ({@code ErrorBody}). */
    public void answered(String service, int status, String error) {
        Counter.builder("gateway.answers").description("Routed requests the gateway answered itself, by status and error")
                .tags("service", service == null ? "" : service, "status", Integer.toString(status), "error", error)
                .register(registry).increment();
    }

    /**
     * A caller's WebSocket to an instance of the service opened.
     *
     * @return what to call when it ends: it takes it off the count it was put on, not off one made afresh since
     */
    public Runnable webSocketOpened(String service) {
        Counter.builder("gateway.websockets.opened").description("WebSockets carried to an instance of a service")
                .tags("service", service).register(registry).increment();
        AtomicInteger open = serviceGauge(openWebSockets, service, "gateway.websockets.open",
                "WebSockets open to instances of a service");
        open.incrementAndGet();
        return open::decrementAndGet;
    }

    /** A watch saw a new list of passing instances. */
    @Override
    public void changed(String service, List<ServiceInstance> instances) {
        Counter.builder("gateway.instances.updates").description("Changes of a service's passing instances")
                .tags("service", service).register(registry).increment();
        serviceGauge(passing, service, "gateway.instances.passing", "Passing instances of a service as last seen in Consul")
                .set(instances.size());
        lastPassing.put(service, instances.stream().map(GatewayMetrics::instanceTag).collect(Collectors.toUnmodifiableSet()));
        retireLeftInstances(service);
    }

    /** The service's count in {@code gauges}, registered as the gauge {@code meter} when it is the first. */
    private AtomicInteger serviceGauge(Map<String, AtomicInteger> gauges, String service, String meter,
            String description) {
        return gauges.computeIfAbsent(service, name -> {
            AtomicInteger count = new AtomicInteger();
            Gauge.builder(meter, count, AtomicInteger::get).description(description).tags("service", name)
                    .register(registry);
            return count;
        });
    }

    /** Every service's instances that have not passed for {@link #KEPT_AFTER_LEAVING}: their meters go. */
    @Override
    public void expire() {
        lastPassing.keySet().forEach(this::retireLeftInstances);
    }

    private void retireLeftInstances(String service) {
        Set<String> present = lastPassing.getOrDefault(service, Set.of());
        Map<String, Instant> left = leftAt.computeIfAbsent(service, name -> new ConcurrentHashMap<>());
        Instant now = clock.instant();
        tries.keySet().stream().filter(key -> key.service().equals(service) && !present.contains(key.instance()))
                .forEach(key -> left.putIfAbsent(key.instance(), now));
        left.keySet().removeAll(present);
        Set<String> retired = left.entrySet().stream()
                .filter(entry -> !entry.getValue().plus(KEPT_AFTER_LEAVING).isAfter(now))
                .map(Map.Entry::getKey).collect(Collectors.toSet());
        if (!retired.isEmpty()) {
            left.keySet().removeAll(retired);
            remove(service, retired::contains);
        }
    }

    /**
     * A status code as its class ({@code 404} → {@code 4xx}), other outcomes as they are: each value is a histogram of
     * its own per instance, and callers choose the codes an instance answers. The codes that put an instance aside
     * are in {@code gateway.upstream.errors}.
     */
    static String statusClass(String outcome) {
        return outcome.length() == 3 && outcome.chars().allMatch(Character::isDigit) ? outcome.charAt(0) + "xx" : outcome;
    }

    /** The service left the catalog: its meters go. */
    @Override
    public void gone(String service) {
        lastPassing.remove(service);
        passing.remove(service);
        openWebSockets.remove(service);
        leftAt.remove(service);
        remove(service, instance -> true);
    }

    /** The services with meters of their own (the gateway's answers without a service are not). */
    @Override
    public Set<String> services() {
        Set<String> services = new HashSet<>(lastPassing.keySet());
        services.addAll(passing.keySet());
        services.addAll(openWebSockets.keySet());
        registry.getMeters().stream().filter(meter -> meter.getId().getName().startsWith("gateway."))
                .map(meter -> meter.getId().getTag("service"))
                .filter(service -> service != null && !service.isEmpty())
                .forEach(services::add);
        return services;
    }

    /** Not listed for a while, yet metered again: a try still in flight as the service left ended since. */
    @Override
    public void release(String service) {
        gone(service);
    }

    /** Removes the service's meters whose instance tag (absent: {@code null}) the predicate accepts. */
    private void remove(String service, Predicate<String> instance) {
        tries.keySet().removeIf(key -> key.service().equals(service) && instance.test(key.instance()));
        List.copyOf(registry.getMeters()).stream()
                .filter(meter -> meter.getId().getName().startsWith("gateway.") && service.equals(meter.getId().getTag("service"))
                        && instance.test(meter.getId().getTag("instance")))
                .forEach(registry::remove);
    }
}
