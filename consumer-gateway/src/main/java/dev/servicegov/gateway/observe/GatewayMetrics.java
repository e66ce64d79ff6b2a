package dev.servicegov.gateway.observe;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

import dev.servicegov.gateway.consul.InstanceListListener;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;

import org.springframework.cloud.client.ServiceInstance;

/**
 * The gateway's own meters (Prometheus: {@code /actuator/prometheus}):
 * <ul>
 * <li>{@code gateway.upstream.requests} timer with histogram (service, instance, outcome: status code,
 * {@code connect_error}, {@code timeout}, {@code error} or {@code client_closed}) — every try, retries included;</li>
 * <li>{@code gateway.upstream.errors} counter (service, instance, kind);</li>
 * <li>{@code gateway.upstream.retries} counter (service): tries after the first;</li>
 * <li>{@code gateway.answers} counter (service, status, error): routed requests the gateway answered itself, with no
 * instance's answer to pass on (no healthy instance, every try failed, a timeout, a body too large);</li>
 * <li>{@code gateway.instances.updates} counter and {@code gateway.instances.passing} gauge (service).</li>
 * </ul>
 * A service's meters go when it leaves Consul's catalog, so short-lived services do not pile up in the registry.
 */
public class GatewayMetrics implements InstanceListListener {

    /** Which try: the meters of a request are looked up here, not built and registered anew each time. */
    private record TryKey(String service, String instance, String outcome) {
    }

    private final MeterRegistry registry;
    private final Map<String, AtomicInteger> passing = new ConcurrentHashMap<>();
    private final Map<TryKey, Timer> tries = new ConcurrentHashMap<>();

    public GatewayMetrics(MeterRegistry registry) {
        this.registry = registry;
    }

    /** One try at an instance ended. */
    public void attempted(String service, String instance, String outcome, Duration took) {
        tries.computeIfAbsent(new TryKey(service, instance, outcome), key -> Timer.builder("gateway.upstream.requests")
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

    /** A watch saw a new list of passing instances. */
    @Override
    public void changed(String service, List<ServiceInstance> instances) {
        Counter.builder("gateway.instances.updates").description("Changes of a service's passing instances")
                .tags("service", service).register(registry).increment();
        passing.computeIfAbsent(service, name -> {
            AtomicInteger count = new AtomicInteger();
            Gauge.builder("gateway.instances.passing", count, AtomicInteger::get)
                    .description("Passing instances of a service as last seen in Consul")
                    .tags("service", name).register(registry);
            return count;
        }).set(instances.size());
    }

    /** The service left the catalog: its meters go. */
    @Override
    public void gone(String service) {
        passing.remove(service);
        tries.keySet().removeIf(key -> key.service().equals(service));
        List.copyOf(registry.getMeters()).stream()
                .filter(meter -> meter.getId().getName().startsWith("gateway.") && service.equals(meter.getId().getTag("service")))
                .forEach(registry::remove);
    }
}
