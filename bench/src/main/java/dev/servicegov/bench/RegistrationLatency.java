package dev.servicegov.bench;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.BooleanSupplier;

import com.github.dockerjava.api.async.ResultCallback;
import com.github.dockerjava.api.model.Event;

/**
 * Registration latency: from the engine's {@code start} event (its own timestamp) to the service being in Consul, and
 * from the {@code kill} event to the service being gone (and whether that was before the {@code die} event); N starts,
 * one at a time, each wait bounded. Four passes take turns on every start, so the machine's mood falls on all alike:
 * two registrars, each seen two ways.
 * <ul>
 * <li>The registrator registers, or the bench registers the container itself, on the event stream's thread, the moment
 * the {@code start} event arrives, without inspecting it: a zero-work registrator, what any registrator on this stack
 * could at best achieve (the stack's registrator leaves those containers alone).</li>
 * <li>The bench polls the agent's own service list every millisecond, or it waits on the catalog with blocking queries,
 * as every consumer of Consul does.</li>
 * </ul>
 * Next to them, the agent's own register call for a service of the same shape (a TCP check), timed from the bench.
 */
public final class RegistrationLatency {

    /** Probes of the zero-work pass carry this label; the bench registers them on their start event. */
    private static final String ZERO_WORK_LABEL = "bench-zero-work";

    private enum Pass {
        REGISTRATOR_AGENT(false, false, "registrator: start event -> in the agent"),
        ZERO_WORK_AGENT(true, false, "zero-work registrator: -> in the agent"),
        REGISTRATOR_CATALOG(false, true, "registrator: start event -> in the catalog"),
        ZERO_WORK_CATALOG(true, true, "zero-work registrator: -> in the catalog");

        final boolean zeroWork;
        final boolean catalog;
        final String title;

        Pass(boolean zeroWork, boolean catalog, String title) {
            this.zeroWork = zeroWork;
            this.catalog = catalog;
            this.title = title;
        }

        /** How the service is seen to be in Consul ({@code present}) or gone: the wall-clock nanos, or null. */
        Long await(BenchEnvironment env, String service, long index, boolean present) {
            return catalog ? awaitCatalog(env, service, index, present, 10_000)
                    : waitFor(() -> env.registered(service) == present, 10_000);
        }

        long index(BenchEnvironment env, String service) {
            return catalog ? catalogIndex(env, service) : 0;
        }
    }

    /** What the starts measured, per pass, and what went missing. */
    private static final class Tally {
        final Map<Pass, List<Double>> registerMs = new EnumMap<>(Pass.class);
        final Map<Pass, List<Double>> deregisterMs = new EnumMap<>(Pass.class);
        final List<Double> deliveredMs = Collections.synchronizedList(new ArrayList<>());
        final Map<String, Map<String, Long>> eventNanos = Map.of("start", new ConcurrentHashMap<>(), "kill",
                new ConcurrentHashMap<>(), "die", new ConcurrentHashMap<>());
        int lost;
        int stale;
        int goneBeforeDie;

        Tally() {
            for (Pass pass : Pass.values()) {
                registerMs.put(pass, new ArrayList<>());
                deregisterMs.put(pass, new ArrayList<>());
            }
        }

        /** Drops what was measured so far (the warm-up's starts); the events seen stay for lookups. */
        void forgetFigures() {
            registerMs.values().forEach(List::clear);
            deregisterMs.values().forEach(List::clear);
            deliveredMs.clear();
            lost = 0;
            stale = 0;
            goneBeforeDie = 0;
        }
    }

    public static void main(String[] args) throws Exception {
        int runs = Integer.parseInt(System.getProperty("bench.runs", "50"));
        int warmUpRuns = Integer.parseInt(System.getProperty("bench.registration-warmup-runs", "20"));
        BenchEnvironment env = new BenchEnvironment();
        Tally tally = new Tally();
        // the bench's own HTTP client and its poll and query paths, JIT-compiled first: a cold JVM's round trip took milliseconds
        for (int i = 0; i < 2000; i++) {
            env.registered("bench-warm-up");
            env.catalogService("bench-warm-up", 0, Duration.ZERO);
        }
        // start and kill are sent from another thread while this one waits: `docker kill` returns only once the
        // container is dead, and the service left Consul before that, at the kill event
        ExecutorService commands = Executors.newSingleThreadExecutor();
        try (var events = env.docker.eventsCmd().withEventFilter("start", "kill", "die")
                .withLabelFilter(Map.of("bench-run", env.runId)).exec(new ResultCallback.Adapter<Event>() {
                    @Override
                    public void onNext(Event event) {
                        if ("start".equals(event.getAction())) {
                            tally.deliveredMs.add((epochNanos() - event.getTimeNano()) / 1e6);
                            Map<String, String> labels = event.getActor().getAttributes();
                            if (labels.containsKey(ZERO_WORK_LABEL)) {
                                registerLikeTheRegistrator(env, labels.get("SERVICE_NAME"), true);
                            }
                        }
                        tally.eventNanos.get(event.getAction()).put(event.getId(), event.getTimeNano());
                    }
                })) {
            // unrecorded rounds first: the registrator's per-event path runs once per event, so on a fresh stack it is
            // still interpreted for the first few dozen starts (a registrator that has run a while has long compiled it)
            for (int i = 0; i < warmUpRuns; i++) {
                for (Pass pass : Pass.values()) {
                    startAndStop(env, commands, pass, "bench-reg-" + env.runId + "-" + pass.ordinal() + "-warm-" + i, tally);
                }
            }
            tally.forgetFigures();
            for (int i = 0; i < runs; i++) {
                for (Pass pass : Pass.values()) {
                    startAndStop(env, commands, pass, "bench-reg-" + env.runId + "-" + pass.ordinal() + "-" + i, tally);
                }
            }
        } finally {
            commands.shutdownNow();
            env.removeAllProbes();
        }
        report(env, tally, new Stats(agentRegisterCalls(env, runs, true)), new Stats(agentRegisterCalls(env, runs, false)));
    }

    /** One start of a probe, timed as the pass sees it; then its kill, timed too unless the bench registered it itself. */
    private static void startAndStop(BenchEnvironment env, ExecutorService commands, Pass pass, String service, Tally tally)
            throws Exception {
        String id = env.createProbe(service, pass.zeroWork ? Map.of(ZERO_WORK_LABEL, "true")
                : Map.of(BenchEnvironment.STACK_LABEL, env.project()));
        long index = pass.index(env, service);
        Future<?> start = commands.submit(() -> env.docker.startContainerCmd(id).exec());
        Long seenAt = pass.await(env, service, index, true);
        start.get();
        Long started = waitForValue(tally.eventNanos.get("start"), id);
        if (seenAt == null || started == null) {
            tally.lost++;
        } else {
            tally.registerMs.get(pass).add((seenAt - started) / 1e6);
        }
        if (pass.zeroWork) {
            env.put("/v1/agent/service/deregister/" + service, "");
        } else {
            long present = pass.index(env, service);
            Future<?> kill = commands.submit(() -> env.docker.killContainerCmd(id).exec());
            Long goneAt = pass.await(env, service, present, false);
            kill.get();
            Long killed = waitForValue(tally.eventNanos.get("kill"), id);
            Long died = waitForValue(tally.eventNanos.get("die"), id);
            if (goneAt == null || killed == null) {
                tally.stale++;
            } else {
                tally.deregisterMs.get(pass).add((goneAt - killed) / 1e6);
                tally.goneBeforeDie += died != null && goneAt < died ? 1 : 0;
            }
        }
        env.docker.removeContainerCmd(id).withForce(true).exec();
    }

    private static void report(BenchEnvironment env, Tally tally, Stats floor, Stats floorWithoutCheck) throws java.io.IOException {
        List<String> json = new ArrayList<>();
        for (Pass pass : Pass.values()) {
            Stats register = new Stats(tally.registerMs.get(pass));
            System.out.println(register.line(pass.title, "ms"));
            json.add(register.json("registration-latency", "start_to_registered_ms_" + pass.name().toLowerCase()));
        }
        System.out.println(new Stats(tally.deliveredMs).line("start event: its time -> read by the bench", "ms"));
        System.out.println(floor.line("the agent's register call alone", "ms"));
        System.out.println(floorWithoutCheck.line("the same call without a check", "ms"));
        int removals = 0;
        for (Pass pass : List.of(Pass.REGISTRATOR_AGENT, Pass.REGISTRATOR_CATALOG)) {
            Stats deregister = new Stats(tally.deregisterMs.get(pass));
            removals += deregister.count();
            System.out.println(deregister.line("kill event -> gone from the " + (pass.catalog ? "catalog" : "agent"), "ms"));
            json.add(deregister.json("registration-latency", "kill_to_deregistered_ms_" + pass.name().toLowerCase()));
        }
        System.out.printf("gone before the die event (the process exited): %d of %d%n", tally.goneBeforeDie, removals);
        System.out.printf("lost (never registered within 10 s): %d, stale (still registered 10 s after kill): %d%n", tally.lost,
                tally.stale);
        json.add(floor.json("registration-latency", "agent_register_call_ms"));
        json.add(floorWithoutCheck.json("registration-latency", "agent_register_call_without_check_ms"));
        json.add("{\"benchmark\":\"registration-latency\",\"lost\":" + tally.lost + ",\"stale\":" + tally.stale
                + ",\"gone_before_die\":" + tally.goneBeforeDie + "}");
        env.record(json);
    }

    /** Polls every millisecond; the wall-clock nanos (epoch based, like the engine's) when it held, or null. */
    static Long waitFor(BooleanSupplier condition, long timeoutMillis) {
        long deadline = System.currentTimeMillis() + timeoutMillis;
        while (System.currentTimeMillis() < deadline) {
            if (condition.getAsBoolean()) {
                return epochNanos();
            }
            BenchEnvironment.sleepMillis(1);
        }
        return null;
    }

    /** The catalog's index for the service now (0 when Consul did not answer: the next query then does not block). */
    private static long catalogIndex(BenchEnvironment env, String service) {
        BenchEnvironment.CatalogAnswer answer = env.catalogService(service, 0, Duration.ZERO);
        return answer == null ? 0 : answer.index();
    }

    /**
     * Blocking queries on the catalog from {@code index} on until it lists the service ({@code present}) or no longer
     * does; the wall-clock nanos of the answer that said so, or null after the timeout.
     */
    private static Long awaitCatalog(BenchEnvironment env, String service, long index, boolean present, long timeoutMillis) {
        long deadline = System.currentTimeMillis() + timeoutMillis;
        long current = index;
        while (System.currentTimeMillis() < deadline) {
            BenchEnvironment.CatalogAnswer answer = env.catalogService(service, current,
                    Duration.ofMillis(Math.max(1, deadline - System.currentTimeMillis())));
            if (answer == null) {
                BenchEnvironment.sleepMillis(10);
                current = 0;
            } else if ((answer.instances() > 0) == present) {
                return epochNanos();
            } else {
                // as Consul documents: an index that went backwards starts over
                current = answer.index() < current ? 0 : answer.index();
            }
        }
        return null;
    }

    /**
     * How long the agent itself takes to accept a registration like the registrator's (service, address, port, a TCP
     * check and its deregister-after), one at a time: the part of start -> registered no registrator can remove. The
     * check targets a closed port on the agent's own loopback. Without a check (gliderlabs/registrator's default
     * registration) the agent has one file fewer to write.
     */
    static List<Double> agentRegisterCalls(BenchEnvironment env, int runs, boolean withCheck) {
        List<Double> millis = new ArrayList<>();
        for (int i = 0; i < runs; i++) {
            String id = "bench-floor-" + env.runId + "-" + i;
            long began = System.nanoTime();
            int status = registerLikeTheRegistrator(env, id, withCheck);
            long took = System.nanoTime() - began;
            if (status == 200) {
                millis.add(took / 1e6);
            }
            env.put("/v1/agent/service/deregister/" + id, "");
            BenchEnvironment.sleepMillis(20);
        }
        return millis;
    }

    /** Registers a service of the registrator's shape under its own name as id; the agent's HTTP status. */
    private static int registerLikeTheRegistrator(BenchEnvironment env, String name, boolean withCheck) {
        String body = "{\"ID\":\"" + name + "\",\"Name\":\"" + name + "\",\"Address\":\"127.0.0.1\","
                + "\"Port\":9,\"Meta\":{\"bench\":\"floor\"}"
                + (withCheck ? ",\"Check\":{\"TCP\":\"127.0.0.1:9\",\"Interval\":\"10s\",\"Timeout\":\"1s\","
                        + "\"DeregisterCriticalServiceAfter\":\"1m\"}" : "") + "}";
        return env.put("/v1/agent/service/register", body);
    }

    static <K> Long waitForValue(Map<K, Long> map, K key) {
        long deadline = System.currentTimeMillis() + 5_000;
        while (!map.containsKey(key) && System.currentTimeMillis() < deadline) {
            BenchEnvironment.sleepMillis(1);
        }
        return map.get(key);
    }

    static long epochNanos() {
        java.time.Instant now = java.time.Instant.now();
        return now.getEpochSecond() * 1_000_000_000L + now.getNano();
    }

    private RegistrationLatency() {
    }
}
