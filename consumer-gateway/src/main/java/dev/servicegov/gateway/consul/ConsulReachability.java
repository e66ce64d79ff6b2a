package dev.servicegov.gateway.consul;

import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import org.springframework.context.SmartLifecycle;

/**
 * Asks Consul for its leader every {@code interval}, and at once when a watch's query fails: tells whether Consul
 * answers and has a leader, and when it answers again after an outage, has every watch read afresh so the gateway
 * recovers at once. Asking at a query's failure catches an outage shorter than the interval (a quick agent restart),
 * which the watches' recovery grace depends on.
 */
public class ConsulReachability implements SmartLifecycle {

    /** What the last probe found. */
    public enum State { REACHABLE, NO_LEADER, UNREACHABLE }

    private static final Logger log = LoggerFactory.getLogger(ConsulReachability.class);
    /** A burst of failing queries (one per watched service) asks once. */
    private static final long LEAST_NANOS_BETWEEN_PROBES = Duration.ofMillis(250).toNanos();
    /**
     * The least time the first question may take: it also sets the HTTP client up (event loops, connection pool,
     * resolver), which on a busy host took longer than the 1 s timeout and logged an outage at every start.
     */
    private static final Duration FIRST_PROBE_TIMEOUT = Duration.ofSeconds(5);

    private final ConsulClient consul;
    private final Duration interval;
    private final Duration timeout;
    private final Runnable onRecovery;
    private volatile State state = State.REACHABLE;
    private volatile String leader = "";
    private volatile String problem;
    private volatile Instant since = Instant.now();
    private volatile Instant recoveredAt;
    private volatile Disposable probes;
    private final AtomicLong lastProbeNanos = new AtomicLong(System.nanoTime() - LEAST_NANOS_BETWEEN_PROBES);
    private final AtomicBoolean probeDue = new AtomicBoolean();

    public ConsulReachability(ConsulClient consul, Duration interval, Duration timeout, Runnable onRecovery) {
        this.consul = consul;
        this.interval = interval;
        this.timeout = timeout;
        this.onRecovery = onRecovery;
        consul.onQueryFailure(this::probeSoon);
    }

    /**
     * A watch's query failed: asks now, or once {@code 250 ms} have passed since the last question, unless Consul is
     * already known to be out or such a question is due or awaiting its answer (which then answers for this failure).
     */
    void probeSoon() {
        if (!isRunning() || state != State.REACHABLE || !probeDue.compareAndSet(false, true)) {
            return;
        }
        long wait = LEAST_NANOS_BETWEEN_PROBES - (System.nanoTime() - lastProbeNanos.get());
        Mono.delay(Duration.ofNanos(Math.max(0, wait)))
                .then(Mono.defer(() -> isRunning() && state == State.REACHABLE ? ask(timeout) : Mono.<Void>empty()))
                .doFinally(signal -> probeDue.set(false))
                .subscribe();
    }

    private Mono<Void> ask(Duration within) {
        lastProbeNanos.set(System.nanoTime());
        return consul.leader(within)
                .doOnNext(found -> update(found.isEmpty() ? State.NO_LEADER : State.REACHABLE, found,
                        found.isEmpty() ? "Consul answers but has no leader" : null))
                .doOnError(error -> update(State.UNREACHABLE, "", error.toString()))
                .onErrorComplete()
                .then();
    }

    private synchronized void update(State now, String foundLeader, String why) {
        State before = state;
        leader = foundLeader;
        problem = why;
        if (now == before) {
            return;
        }
        state = now;
        since = Instant.now();
        if (now == State.REACHABLE) {
            recoveredAt = since;
            log.info("Consul is reachable again (leader {}); reading every watched service afresh", foundLeader);
            onRecovery.run();
        } else {
            log.warn("Consul {}: serving the last known healthy instances ({})", now == State.NO_LEADER
                    ? "has no leader" : "is unreachable", why);
        }
    }

    public State state() {
        return state;
    }

    public String leader() {
        return leader;
    }

    /** What is wrong, {@code null} while Consul is reachable with a leader. */
    public String problem() {
        return problem;
    }

    /** Whether Consul answers with a leader, and has for at least {@code grace} since its last outage (if any). */
    public boolean settledFor(Duration grace) {
        Instant recovered = recoveredAt;
        return state == State.REACHABLE && (recovered == null || !Instant.now().isBefore(recovered.plus(grace)));
    }

    /** Since when the state holds. */
    public Instant since() {
        return since;
    }

    @Override
    public void start() {
        Duration first = timeout.compareTo(FIRST_PROBE_TIMEOUT) < 0 ? FIRST_PROBE_TIMEOUT : timeout;
        probes = Flux.interval(Duration.ZERO, interval).onBackpressureDrop()
                .subscribe(tick -> ask(tick == 0 ? first : timeout).subscribe());
    }

    @Override
    public void stop() {
        if (probes != null) {
            probes.dispose();
        }
        probes = null;
    }

    @Override
    public boolean isRunning() {
        return probes != null && !probes.isDisposed();
    }

    @Override
    public int getPhase() {
        return WatchPhase.PHASE;
    }
}
