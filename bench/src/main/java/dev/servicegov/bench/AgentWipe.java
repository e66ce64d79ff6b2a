package dev.servicegov.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import com.github.dockerjava.api.async.ResultCallback;
import com.github.dockerjava.api.model.Event;

/**
 * The Consul agent restarted with its data gone: N containers are registered, the agent's stored services and
 * checks are deleted and the agent is restarted, so it comes back knowing none of them. Times how long until all N
 * are back in it, from the engine's {@code start} event of the agent and from the agent's first answer. The
 * registrator runs as configured, with no resync option set. R rounds. (The agent keeps its node id, so it rejoins
 * the cluster under the same identity; the fault suite also recreates it with its whole volume gone.)
 */
public final class AgentWipe {

    public static void main(String[] args) throws Exception {
        int size = Integer.parseInt(System.getProperty("bench.agent-wipe-size", "20"));
        int rounds = Integer.parseInt(System.getProperty("bench.agent-wipe-runs", "5"));
        BenchEnvironment env = new BenchEnvironment();
        String prefix = "bench-wipe-" + env.runId + "-";
        String agent = env.composeContainers("consul-agent").stream().findFirst()
                .orElseThrow(() -> new IllegalStateException("no consul-agent container in compose project " + env.project()))
                .getId();
        Map<Integer, Long> agentStarts = new ConcurrentHashMap<>();
        List<Double> fromStartMs = new ArrayList<>();
        List<Double> fromAnswerMs = new ArrayList<>();
        int missing = 0;
        try (var events = env.docker.eventsCmd().withContainerFilter(agent).withEventFilter("start")
                .exec(new ResultCallback.Adapter<Event>() {
                    @Override
                    public void onNext(Event event) {
                        agentStarts.put(agentStarts.size(), event.getTimeNano());
                    }
                })) {
            for (int i = 0; i < size; i++) {
                env.docker.startContainerCmd(env.createProbe(prefix + i)).exec();
            }
            if (RegistratorBurst.waitUntilCount(env, prefix, size, 30_000) == null) {
                throw new IllegalStateException("the " + size + " probes were not all registered within 30 s");
            }
            for (int round = 0; round < rounds; round++) {
                exec(env, agent, "rm", "-rf", "/consul/data/services", "/consul/data/checks");
                env.docker.restartContainerCmd(agent).withTimeout(10).exec();
                env.refreshAgentAddress();
                Long answeredAt = null;
                Long backAt = null;
                long deadline = System.currentTimeMillis() + 30_000;
                while (backAt == null && System.currentTimeMillis() < deadline) {
                    String services = env.get("/v1/agent/services");
                    if (answeredAt == null && !services.isEmpty()) {
                        answeredAt = RegistrationLatency.epochNanos();
                    }
                    if (BenchEnvironment.withPrefix(services, prefix) == size) {
                        backAt = RegistrationLatency.epochNanos();
                    }
                    BenchEnvironment.sleepMillis(1);
                }
                Long started = RegistrationLatency.waitForValue(agentStarts, round);
                if (backAt == null || started == null) {
                    missing++;
                } else {
                    fromStartMs.add((backAt - started) / 1e6);
                    fromAnswerMs.add((backAt - answeredAt) / 1e6);
                }
                System.out.printf("round %2d: all back %s%n", round + 1,
                        backAt == null ? "NOT within 30 s" : String.format("%.0f ms after the agent's start event", (backAt - started) / 1e6));
            }
        } finally {
            env.removeAllProbes();
        }
        Stats fromStart = new Stats(fromStartMs);
        Stats fromAnswer = new Stats(fromAnswerMs);
        System.out.println(fromStart.line("agent start event -> all " + size + " back", "ms"));
        System.out.println(fromAnswer.line("agent's first answer -> all " + size + " back", "ms"));
        System.out.printf("rounds: %d; not all back within 30 s: %d%n", rounds, missing);
        env.record(List.of(fromStart.json("agent-wipe", "agent_start_to_all_back_ms"),
                fromAnswer.json("agent-wipe", "agent_answer_to_all_back_ms"),
                "{\"benchmark\":\"agent-wipe\",\"size\":" + size + ",\"rounds\":" + rounds + ",\"missing\":" + missing + "}"));
    }

    private static void exec(BenchEnvironment env, String container, String... command) throws InterruptedException {
        String exec = env.docker.execCreateCmd(container).withCmd(command).exec().getId();
        env.docker.execStartCmd(exec).exec(new ResultCallback.Adapter<>()).awaitCompletion();
    }

    private AgentWipe() {
    }
}
