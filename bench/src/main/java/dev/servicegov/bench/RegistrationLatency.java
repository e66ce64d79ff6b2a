package dev.servicegov.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import com.github.dockerjava.api.async.ResultCallback;
import com.github.dockerjava.api.model.Event;

/**
 * Registration latency: from the engine's {@code start} event (its own timestamp) to the service being in
 * the local Consul agent, and from the {@code kill} event to the service being gone (and whether that was before the
 * {@code die} event); N starts, one at a time. The agent is polled every millisecond at its address on the stack's
 * network while the command runs; each wait is bounded. Next to it, the floor: the
 * agent's own register call for a service of the same shape (a TCP check), timed from the bench, N times.
 */
public final class RegistrationLatency {

    public static void main(String[] args) throws Exception {
        int runs = Integer.parseInt(System.getProperty("bench.runs", "50"));
        BenchEnvironment env = new BenchEnvironment();
        Map<String, Map<String, Long>> eventNanos = Map.of("start", new ConcurrentHashMap<>(), "kill", new ConcurrentHashMap<>(),
                "die", new ConcurrentHashMap<>());
        List<Double> registerMs = new ArrayList<>();
        List<Double> deregisterMs = new ArrayList<>();
        int lost = 0;
        int stale = 0;
        int goneBeforeDie = 0;
        // the bench's own HTTP client and poll loop, JIT-compiled first: a cold JVM's poll round trip took milliseconds
        for (int i = 0; i < 2000; i++) {
            env.registered("bench-warm-up");
        }
        // start and kill are sent from another thread while this one polls: `docker kill` returns only once the
        // container is dead, and the service left the agent before that, at the kill event
        ExecutorService commands = Executors.newSingleThreadExecutor();
        try (var events = env.docker.eventsCmd().withEventFilter("start", "kill", "die")
                .withLabelFilter(Map.of("bench-run", env.runId)).exec(new ResultCallback.Adapter<Event>() {
                    @Override
                    public void onNext(Event event) {
                        eventNanos.get(event.getAction()).put(event.getId(), event.getTimeNano());
                    }
                })) {
            for (int i = 0; i < runs; i++) {
                String service = "bench-reg-" + env.runId + "-" + i;
                String id = env.createProbe(service);
                Future<?> start = commands.submit(() -> env.docker.startContainerCmd(id).exec());
                Long seenAt = waitFor(() -> env.registered(service), 10_000);
                start.get();
                Long started = waitForValue(eventNanos.get("start"), id);
                if (seenAt == null || started == null) {
                    lost++;
                } else {
                    registerMs.add((seenAt - started) / 1e6);
                }
                Future<?> kill = commands.submit(() -> env.docker.killContainerCmd(id).exec());
                Long goneAt = waitFor(() -> !env.registered(service), 10_000);
                kill.get();
                Long killed = waitForValue(eventNanos.get("kill"), id);
                Long died = waitForValue(eventNanos.get("die"), id);
                if (goneAt == null || killed == null) {
                    stale++;
                } else {
                    deregisterMs.add((goneAt - killed) / 1e6);
                    goneBeforeDie += died != null && goneAt < died ? 1 : 0;
                }
                env.docker.removeContainerCmd(id).withForce(true).exec();
            }
        } finally {
            commands.shutdownNow();
            env.removeAllProbes();
        }
        Stats register = new Stats(registerMs);
        Stats deregister = new Stats(deregisterMs);
        Stats floor = new Stats(agentRegisterCalls(env, runs, true));
        Stats floorWithoutCheck = new Stats(agentRegisterCalls(env, runs, false));
        System.out.println(register.line("start event -> registered in the agent", "ms"));
        System.out.println(floor.line("floor: the agent's register call alone", "ms"));
        System.out.println(floorWithoutCheck.line("the same call without a check", "ms"));
        System.out.println(deregister.line("kill event -> gone from the agent", "ms"));
        System.out.printf("gone before the die event (the process exited): %d of %d%n", goneBeforeDie, deregisterMs.size());
        System.out.printf("lost (never registered within 10 s): %d, stale (still registered 10 s after kill): %d%n", lost, stale);
        env.record(List.of(register.json("registration-latency", "start_to_registered_ms"),
                deregister.json("registration-latency", "kill_to_deregistered_ms"),
                floor.json("registration-latency", "agent_register_call_ms"),
                floorWithoutCheck.json("registration-latency", "agent_register_call_without_check_ms"),
                "{\"benchmark\":\"registration-latency\",\"lost\":" + lost + ",\"stale\":" + stale + ",\"gone_before_die\":" + goneBeforeDie + "}"));
    }

    /** Polls every millisecond; the wall-clock nanos (epoch based, like the engine's) when it held, or null. */
    static Long waitFor(java.util.function.BooleanSupplier condition, long timeoutMillis) {
        long deadline = System.currentTimeMillis() + timeoutMillis;
        while (System.currentTimeMillis() < deadline) {
            if (condition.getAsBoolean()) {
                return epochNanos();
            }
            BenchEnvironment.sleepMillis(1);
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
            String body = "{\"ID\":\"" + id + "\",\"Name\":\"bench-floor-" + env.runId + "\",\"Address\":\"127.0.0.1\","
                    + "\"Port\":9,\"Meta\":{\"bench\":\"floor\"}"
                    + (withCheck ? ",\"Check\":{\"TCP\":\"127.0.0.1:9\",\"Interval\":\"10s\",\"Timeout\":\"1s\","
                            + "\"DeregisterCriticalServiceAfter\":\"1m\"}" : "") + "}";
            long began = System.nanoTime();
            int status = env.put("/v1/agent/service/register", body);
            long took = System.nanoTime() - began;
            if (status == 200) {
                millis.add(took / 1e6);
            }
            env.put("/v1/agent/service/deregister/" + id, "");
            BenchEnvironment.sleepMillis(20);
        }
        return millis;
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
