package dev.servicegov.gateway.consul;

import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;

/**
 * The services that left Consul's catalog a moment ago: Consul drops a service with its last instance, which is what
 * a redeploy of all its instances at once looks like ({@code docker compose up --force-recreate}). For a while such a
 * name is answered as a service without a healthy instance (503, to be retried) rather than an unknown one (404).
 */
public class DepartedServices {

    private final long memoryNanos;
    private final LongSupplier nanoTime;
    private final Map<String, Long> departedAt = new ConcurrentHashMap<>();
    private Set<String> last = Set.of();

    /** @param memory how long a departed service is remembered; zero remembers none */
    public DepartedServices(Duration memory) {
        this(memory, System::nanoTime);
    }

    DepartedServices(Duration memory, LongSupplier nanoTime) {
        this.memoryNanos = memory.toNanos();
        this.nanoTime = nanoTime;
    }

    /** Takes the catalog's names each time they change (from the watch's thread and from its recovery hold's). */
    public synchronized void follow(Set<String> names) {
        long now = nanoTime.getAsLong();
        last.stream().filter(name -> !names.contains(name)).forEach(name -> departedAt.put(name, now));
        departedAt.entrySet().removeIf(entry -> names.contains(entry.getKey())
                || now - entry.getValue() >= memoryNanos);
        last = Set.copyOf(names);
    }

    /** Whether the catalog listed the service until less than the memory ago. */
    public boolean departedRecently(String service) {
        Long at = departedAt.get(service);
        return at != null && nanoTime.getAsLong() - at < memoryNanos;
    }
}
