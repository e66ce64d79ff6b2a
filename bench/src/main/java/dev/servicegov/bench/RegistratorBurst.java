package dev.servicegov.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import com.github.dockerjava.api.model.Container;
import com.github.dockerjava.api.model.Statistics;

/**
 * Registrator at scale: bursts of containers started at once (all registered?) and then removed at once
 * (all gone?). Counts lost and stale services and samples the registrator's memory, idle and after each
 * burst, and its CPU, idle (a quiet 10 s after the warm-up bursts) and during each burst (from the first start to all
 * gone). Every wait is bounded.
 */
public final class RegistratorBurst {

    /**
     * One burst's figures: when all were registered and all gone after the last start / remove returned (null: not
     * within 30 s), and the registrator's CPU from the first start to all gone.
     */
    private record Burst(Double registeredMs, Double goneMs, int lost, int stale, CpuUse cpu) {
    }

    /** The registrator's CPU over a stretch of time: milliseconds of CPU, and percent of one core over the wall time. */
    private record CpuUse(double millis, double percentOfACore) {

        /** What the registrator used since {@code cpuSeconds} was read at {@code nanoTime}. */
        static CpuUse since(ContainerCpu cpu, double cpuSeconds, long nanoTime) {
            double seconds = cpu.seconds() - cpuSeconds;
            return new CpuUse(seconds * 1000, 100 * seconds / ((System.nanoTime() - nanoTime) / 1e9));
        }
    }

    private static final long IDLE_WINDOW_MILLIS = 10_000;

    public static void main(String[] args) throws Exception {
        int bursts = Integer.parseInt(System.getProperty("bench.bursts", "20"));
        int size = Integer.parseInt(System.getProperty("bench.burst-size", "50"));
        int warmUpBursts = Integer.parseInt(System.getProperty("bench.burst-warmup", "2"));
        BenchEnvironment env = new BenchEnvironment();
        String registrator = registratorContainer(env);
        List<Double> allRegisteredMs = new ArrayList<>();
        List<Double> allGoneMs = new ArrayList<>();
        List<Double> memoryMb = new ArrayList<>();
        List<Double> cpuMsPerBurst = new ArrayList<>();
        List<Double> corePercentDuringBurst = new ArrayList<>();
        ContainerCpu cpu = ContainerCpu.of(env, List.of(registrator));
        double idleCorePercent;
        int lost = 0;
        int stale = 0;
        System.out.printf("registrator memory idle: %.1f MB%n", memoryMb(env, registrator));
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            // unrecorded first: the first burst of a run was its slowest every time (81 to 195 ms), the bench's own poll
            // of the agent still being compiled as much as the registrator
            for (int burst = 0; burst < warmUpBursts; burst++) {
                Burst unrecorded = burst(env, pool, cpu, "bench-burst-" + env.runId + "-warm-" + burst + "-", size);
                lost += unrecorded.lost();
                stale += unrecorded.stale();
            }
            double idleFrom = cpu.seconds();
            long idleStarted = System.nanoTime();
            BenchEnvironment.sleepMillis(IDLE_WINDOW_MILLIS);
            idleCorePercent = CpuUse.since(cpu, idleFrom, idleStarted).percentOfACore();
            System.out.printf("registrator CPU idle: %.1f %% of a core (%d s)%n", idleCorePercent, IDLE_WINDOW_MILLIS / 1000);
            for (int burst = 0; burst < bursts; burst++) {
                Burst measured = burst(env, pool, cpu, "bench-burst-" + env.runId + "-" + burst + "-", size);
                cpuMsPerBurst.add(measured.cpu().millis());
                corePercentDuringBurst.add(measured.cpu().percentOfACore());
                memoryMb.add(memoryMb(env, registrator));
                lost += measured.lost();
                stale += measured.stale();
                if (measured.registeredMs() != null) {
                    allRegisteredMs.add(measured.registeredMs());
                }
                if (measured.goneMs() != null) {
                    allGoneMs.add(measured.goneMs());
                }
                System.out.printf("burst %2d: registered %s, removed %s%n", burst + 1,
                        measured.registeredMs() == null ? "INCOMPLETE" : String.format("%.0f ms", measured.registeredMs()),
                        measured.goneMs() == null ? "INCOMPLETE" : String.format("%.0f ms", measured.goneMs()));
            }
        } finally {
            pool.shutdownNow();
            env.removeAllProbes();
        }
        Stats up = new Stats(allRegisteredMs);
        Stats down = new Stats(allGoneMs);
        Stats memory = new Stats(memoryMb);
        Stats cpuPerBurst = new Stats(cpuMsPerBurst);
        Stats coreDuringBurst = new Stats(corePercentDuringBurst);
        System.out.println(up.line("last start returned -> all " + size + " registered", "ms"));
        System.out.println(down.line("last remove returned -> all " + size + " gone", "ms"));
        System.out.println(memory.line("registrator memory after a burst", "MB"));
        System.out.println(cpuPerBurst.line("registrator CPU per burst (" + size + " starts and removes)", "ms"));
        System.out.println(coreDuringBurst.line("registrator CPU during a burst, of one core", "%"));
        System.out.printf("bursts: %d of %d containers (and %d unrecorded first); lost: %d; stale: %d%n", bursts, size, warmUpBursts,
                lost, stale);
        env.record(List.of(up.json("registrator-burst", "all_registered_after_last_start_ms"),
                down.json("registrator-burst", "all_gone_after_last_remove_ms"),
                memory.json("registrator-burst", "registrator_memory_mb"),
                cpuPerBurst.json("registrator-burst", "registrator_cpu_ms_per_burst"),
                coreDuringBurst.json("registrator-burst", "registrator_core_percent_during_burst"),
                "{\"benchmark\":\"registrator-burst\",\"registrator_core_percent_idle\":"
                        + (Double.isNaN(idleCorePercent) ? "null" : String.format(Locale.ROOT, "%.2f", idleCorePercent)) + "}",
                "{\"benchmark\":\"registrator-burst\",\"bursts\":" + bursts + ",\"size\":" + size + ",\"lost\":" + lost + ",\"stale\":" + stale + "}"));
    }

    /**
     * Creates {@code size} probes named with the prefix, starts them at once, waits for all to be registered, removes
     * them at once.
     */
    private static Burst burst(BenchEnvironment env, ExecutorService pool, ContainerCpu cpu, String prefix, int size)
            throws Exception {
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < size; i++) {
            ids.add(env.createProbe(prefix + i));
        }
        double cpuAtFirstStart = cpu.seconds();
        long firstStart = System.nanoTime();
        runAll(pool, ids, id -> env.docker.startContainerCmd(id).exec());
        long lastStartReturned = System.nanoTime();
        Long registered = waitUntilCount(env, prefix, size, 30_000);
        int lost = registered == null ? size - env.registeredWithPrefix(prefix) : 0;
        runAll(pool, ids, id -> env.docker.removeContainerCmd(id).withForce(true).exec());
        long lastRemoveReturned = System.nanoTime();
        Long gone = waitUntilCount(env, prefix, 0, 30_000);
        int stale = gone == null ? env.registeredWithPrefix(prefix) : 0;
        return new Burst(registered == null ? null : (registered - lastStartReturned) / 1e6,
                gone == null ? null : (gone - lastRemoveReturned) / 1e6, lost, stale, CpuUse.since(cpu, cpuAtFirstStart, firstStart));
    }

    /** Polls until the agent has {@code expected} services named with the prefix; when it did (nanoTime), or null. */
    static Long waitUntilCount(BenchEnvironment env, String prefix, int expected, long timeoutMillis) {
        long deadline = System.currentTimeMillis() + timeoutMillis;
        while (System.currentTimeMillis() < deadline) {
            if (env.registeredWithPrefix(prefix) == expected) {
                return System.nanoTime();
            }
            BenchEnvironment.sleepMillis(2);
        }
        return null;
    }

    private static void runAll(ExecutorService pool, List<String> ids, java.util.function.Consumer<String> action) throws Exception {
        List<Future<?>> futures = new ArrayList<>();
        ids.forEach(id -> futures.add(pool.submit(() -> action.accept(id))));
        for (Future<?> future : futures) {
            future.get();
        }
    }

    /** The registrator container of the benchmark's compose project. */
    private static String registratorContainer(BenchEnvironment env) {
        List<Container> found = env.composeContainers("registrator");
        if (found.isEmpty()) {
            throw new IllegalStateException("no registrator container in compose project " + env.project() + ": start the stack first (bench/run.sh does)");
        }
        return found.get(0).getId();
    }

    /** Memory in use by the container as the engine reports it (cgroup usage less page cache), in MB. */
    private static double memoryMb(BenchEnvironment env, String containerId) throws Exception {
        var callback = new com.github.dockerjava.api.async.ResultCallback.Adapter<Statistics>() {
            volatile Statistics first;

            @Override
            public void onNext(Statistics statistics) {
                first = statistics;
                try {
                    close();
                } catch (java.io.IOException ignored) {
                    // closing ends the stream after one sample
                }
            }
        };
        env.docker.statsCmd(containerId).withNoStream(true).exec(callback).awaitCompletion();
        var memory = callback.first.getMemoryStats();
        long cache = memory.getStats() != null && memory.getStats().getCache() != null ? memory.getStats().getCache() : 0L;
        return (memory.getUsage() - cache) / (1024.0 * 1024.0);
    }

    private RegistratorBurst() {
    }
}
