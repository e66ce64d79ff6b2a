package dev.servicegov.gateway.consul;

import java.time.Duration;
import java.time.Instant;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;

import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;

import org.springframework.context.SmartLifecycle;

/**
 * The names in Consul's catalog, followed through blocking queries on {@code /v1/catalog/services};
 * the last known names stay while Consul is unreachable, and just after it comes back a name is only dropped once
 * Consul has settled (its first answers then may lack services that are there). Tells the callback the names
 * whenever they change. Hidden services ({@code gateway.hidden-services}) are left out of the names as if Consul had
 * none of them.
 */
public class CatalogWatch implements SmartLifecycle {

    /**
     * How long one answer on the catalog's names, asked afresh for a name the watch does not list, answers every other
     * such request: paths naming no service (a scanner's, a typo's) cost Consul one query per this at most.
     */
    private static final Duration FRESH_NAMES_KEPT = Duration.ofMillis(500);

    /** The catalog's names asked afresh, one query shared by the requests that want them at once (see above). */
    private final Mono<ConsulAnswer<Set<String>>> freshNames;
    private final BlockingQueryLoop<Set<String>> loop;
    private final Sinks.One<Set<String>> first = Sinks.one();
    private final Duration firstAnswerTimeout;
    private final Set<String> hidden;
    private final DepartedServices departed;
    private final Consumer<Set<String>> onChange;
    private volatile Set<String> names;
    private volatile boolean running;
    private final RecoveryHold<Set<String>> hold;

    public CatalogWatch(ConsulClient consul, WatchTiming timing, Consumer<Set<String>> onChange) {
        this(consul, timing, Set.of(), new DepartedServices(Duration.ZERO), onChange, () -> true);
    }

    /**
     * @param hidden the names never to list, whatever Consul answers
     * @param departed told every change of the names, to remember those that left
     * @param dropsTrusted false while an answer without a known name may be Consul's recovery talking
     */
    public CatalogWatch(ConsulClient consul, WatchTiming timing, Set<String> hidden, DepartedServices departed,
            Consumer<Set<String>> onChange, BooleanSupplier dropsTrusted) {
        this.hidden = Set.copyOf(hidden);
        this.departed = departed;
        this.hold = new RecoveryHold<>(dropsTrusted, this::apply);
        this.onChange = onChange;
        this.firstAnswerTimeout = timing.firstAnswerTimeout();
        this.loop = new BlockingQueryLoop<>("the catalog", index -> consul.serviceNames(index, timing.blockingWait()),
                this::accept, timing.minInterval(), timing.retryInterval());
        this.freshNames = consul.serviceNames(0, Duration.ZERO)
                .cache(answer -> FRESH_NAMES_KEPT, failure -> Duration.ZERO, () -> Duration.ZERO);
    }

    void accept(ConsulAnswer<Set<String>> answer) {
        Set<String> listed = withoutHidden(answer.value());
        Set<String> known = names;
        if (known != null && !listed.containsAll(known) && !hold.settled()) {
            hold.hold(listed);
            Set<String> both = new TreeSet<>(known);
            both.addAll(listed);
            apply(both);
            return;
        }
        hold.cancel();
        apply(listed);
    }

    private Set<String> withoutHidden(Set<String> inCatalog) {
        Set<String> shown = new TreeSet<>(inCatalog);
        shown.removeAll(hidden);
        return shown;
    }

    private void apply(Set<String> now) {
        boolean changed = !now.equals(names);
        names = now;
        first.tryEmitValue(now);
        if (changed) {
            departed.follow(now);
            onChange.accept(now);
        }
    }

    /** The last known names; before Consul first answered, waits for it (at most a few seconds). */
    public Flux<String> serviceNames() {
        return Flux.defer(() -> {
            Set<String> known = names;
            Mono<Set<String>> current = known != null ? Mono.just(known)
                    : first.asMono().timeout(firstAnswerTimeout, Mono.fromSupplier(Set::of));
            return current.flatMapMany(Flux::fromIterable);
        });
    }

    /** How many services the catalog had when Consul last answered, hidden ones left out (0 before its first answer). */
    public int knownCount() {
        Set<String> known = names;
        return known == null ? 0 : known.size();
    }

    /** Whether the catalog had the service when Consul last answered (false before its first answer). */
    public boolean knows(String service) {
        Set<String> known = names;
        return known != null && known.contains(service);
    }

    /**
     * Whether the catalog has the service: from the last known names, else asked afresh (a service registered a
     * moment ago). When Consul does not answer that query, whether it has the service is not known, even where the
     * names Consul gave before lack it: it may have been registered since. A hidden service is {@code HIDDEN},
     * whether Consul has it or not; one that left the names a moment ago is {@code DEPARTED}, without asking Consul
     * again for every request while its instances are replaced (the watch sees it return within milliseconds).
     */
    public Mono<CatalogPresence> presenceOf(String service) {
        return Mono.defer(() -> {
            if (hidden.contains(service)) {
                return Mono.just(CatalogPresence.HIDDEN);
            }
            Set<String> known = names;
            if (known != null && known.contains(service)) {
                return Mono.just(CatalogPresence.LISTED);
            }
            if (departed.departedRecently(service)) {
                return Mono.just(CatalogPresence.DEPARTED);
            }
            return freshNames
                    .map(answer -> CatalogPresence.of(answer.value().contains(service)))
                    .timeout(Duration.ofSeconds(2))
                    .onErrorReturn(CatalogPresence.CONSUL_UNREACHABLE);
        });
    }

    /** When Consul last answered the catalog query ({@code null} before). */
    public Instant lastAnswer() {
        return loop.lastSuccess();
    }

    /** The last query's failure while Consul does not answer, else {@code null}. */
    public String lastError() {
        return loop.lastError();
    }

    /** Whether the last answer came from a server that knew a leader. */
    public boolean knownLeader() {
        return loop.knownLeader();
    }

    public void restart() {
        loop.restart();
    }

    @Override
    public void start() {
        loop.start();
        running = true;
    }

    @Override
    public void stop() {
        running = false;
        loop.stop();
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    @Override
    public int getPhase() {
        return WatchPhase.PHASE;
    }
}
