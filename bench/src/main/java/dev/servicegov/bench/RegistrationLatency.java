package dev.servicegov.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import com.github.dockerjava.api.async.ResultCallback;
import com.github.dockerjava.api.model.Event;

/**
 * Registration latency: from the engine's {@code start} event (its own timestamp) to the service being in
 * the local Consul agent, and from the {@code die} event to the service being gone; N starts, one at a
 * time. The agent is polled every millisecond on loopback; each wait is bounded. Next to it, the floor: the
 * agent's own register call for a service of the same shape (a TCP check), timed from the bench, N times.
 */
public final class RegistrationLatency {

    public static void main(String[] args) throws Exception {
        int runs = Integer.parseInt(System.getProperty("bench.runs", "50"));
        BenchEnvironment env = new BenchEnvironment();
        Map<String, Long> startNanos = new ConcurrentHashMap<>();
        Map<String, Long> dieNanos = new ConcurrentHashMap<>();
        List<Double> registerMs = new ArrayList<>();
        List<Double> deregisterMs = new ArrayList<>();
        int lost = 0;
        int stale = 0;
        try (var events = env.docker.eventsCmd().withEventFilter("start", "die")
                .withLabelFilter(Map.of("bench-run", env.runId)).exec(new ResultCallback.Adapter<Event>() {
                    @Override
                    public void onNext(Event event) {
                        Map<String, Long> target = "start".equals(event.getAction()) ? startNanos : dieNanos;
                        target.put(event.getId(), event.getTimeNano());
                    }
                })) {
            for (int i = 0; i < runs; i++) {
                String service = "bench-reg-" + env.runId + "-" + i;
                String id = env.createProbe(service);
                env.docker.startContainerCmd(id).exec();
                Long seenAt = waitFor(() -> env.registered(service), 10_000);
                Long started = waitForValue(startNanos, id);
                if (seenAt == null || started == null) {
                    lost++;
                } else {
                    registerMs.add((seenAt - started) / 1e6);
                }
                env.docker.killContainerCmd(id).exec();
                Long goneAt = waitFor(() -> !env.registered(service), 10_000);
                Long died = waitForValue(dieNanos, id);
                if (goneAt == null || died == null) {
                    stale++;
                } else {
                    deregisterMs.add((goneAt - died) / 1e6);
                }
                env.docker.removeContainerCmd(id).withForce(true).exec();
            }
        } finally {
            env.removeAllProbes();
        }
        Stats register = new Stats(registerMs);
        Stats deregister = new Stats(deregisterMs);
        Stats floor = new Stats(agentRegisterCalls(env, runs, true));
        Stats floorWithoutCheck = new Stats(agentRegisterCalls(env, runs, false));
        System.out.println(register.line("start event -> registered in the agent", "ms"));
        System.out.println(floor.line("floor: the agent's register call alone", "ms"));
        System.out.println(floorWithoutCheck.line("the same call without a check", "ms"));
        System.out.println(deregister.line("die event -> gone from the agent", "ms"));
        System.out.printf("lost (never registered within 10 s): %d, stale (still registered 10 s after die): %d%n", lost, stale);
        env.record(List.of(register.json("registration-latency", "start_to_registered_ms"),
                deregister.json("registration-latency", "die_to_deregistered_ms"),
                floor.json("registration-latency", "agent_register_call_ms"),
                floorWithoutCheck.json("registration-latency", "agent_register_call_without_check_ms"),
                "{\"benchmark\":\"registration-latency\",\"lost\":" + lost + ",\"stale\":" + stale + "}"));
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

    static Long waitForValue(Map<String, Long> map, String key) {
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
