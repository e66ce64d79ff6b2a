package dev.servicegov.registrator.docker;

import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;

import dev.servicegov.registrator.config.RegistratorProperties;
import dev.servicegov.registrator.sync.RegistratorMetrics;

import org.springframework.stereotype.Component;

/**
 * Inspections asked for at a container's network {@code connect} event, so that its {@code start} event finds the
 * answer on its way. A starting container connects to its networks before its {@code start} event; the engine answers
 * an inspection of it only once the start is done, and one asked at the {@code connect} event answers sooner after
 * the {@code start} event than one asked at it (BENCHMARKS.md, "Inspect at the connect event").
 * <p>
 * An answer is handed out once, only while no other event of the container came in the meantime (a {@code pause}
 * or a health status after the answer must be looked at again), and only when it says the container runs: anything
 * else and the caller asks the engine itself. At most {@link #MAX_IN_FLIGHT} are asked for at a time, so that a burst
 * of starts leaves the client's other connections to the event stream and the usual inspections; past that, a
 * container is inspected at its {@code start} event as usual.
 */
@Component
public class EarlyInspections implements AutoCloseable {

    static final int MAX_IN_FLIGHT = 4;
    /** Longer than any start the engine answers for; an answer this old was not the one its start event waits for. */
    private static final long MAX_AGE_NANOS = Duration.ofSeconds(5).toNanos();

    private final ContainerInspector inspector;
    private final RegistratorMetrics metrics;
    private final boolean enabled;
    private final Map<String, Asked> asked = new ConcurrentHashMap<>();
    private final ThreadPoolExecutor executor;

    private record Asked(long atNanos, CompletableFuture<Optional<InspectedContainer>> answer) {
    }

    public EarlyInspections(ContainerInspector inspector, RegistratorMetrics metrics, RegistratorProperties properties) {
        this.inspector = inspector;
        this.metrics = metrics;
        this.enabled = properties.inspectAtConnect();
        AtomicInteger threads = new AtomicInteger();
        // no queue: a request that finds every thread busy is refused and left to the start event
        this.executor = new ThreadPoolExecutor(0, MAX_IN_FLIGHT, 30, TimeUnit.SECONDS, new SynchronousQueue<>(), runnable -> {
            Thread thread = new Thread(runnable, "docker-inspect-early-" + threads.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        });
    }

    /** The container connected to a network: asks the engine about it now, unless all requests are out. */
    public void ask(String containerId) {
        if (!enabled) {
            return;
        }
        long now = System.nanoTime();
        asked.values().removeIf(old -> now - old.atNanos() > MAX_AGE_NANOS);
        try {
            asked.put(containerId, new Asked(now, CompletableFuture.supplyAsync(() -> inspector.inspect(containerId), executor)));
        } catch (RejectedExecutionException e) {
            asked.remove(containerId);
        }
    }

    /** Another event of the container came in: an answer asked for before it may be out of date. */
    public void discard(String containerId) {
        asked.remove(containerId);
    }

    /** The answer asked for at the container's last event, waited for, when it says the container runs; else empty. */
    Optional<InspectedContainer> takeRunning(String containerId) {
        Asked early = asked.remove(containerId);
        if (early == null || System.nanoTime() - early.atNanos() > MAX_AGE_NANOS) {
            return Optional.empty();
        }
        try {
            Optional<InspectedContainer> answer = early.answer().get(MAX_AGE_NANOS, TimeUnit.NANOSECONDS).filter(InspectedContainer::running);
            metrics.earlyInspection(answer.isPresent() ? "used" : "not-running");
            return answer;
        } catch (ExecutionException | TimeoutException e) {
            metrics.earlyInspection("failed");
            return Optional.empty();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.empty();
        }
    }

    @Override
    public void close() {
        executor.shutdownNow();
    }
}
