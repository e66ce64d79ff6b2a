package dev.servicegov.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * CPU time used by the main processes of some containers (their host PIDs' user + system time, from
 * {@code /proc/<pid>/stat}; Linux, the benchmark runs on the engine's host). Used to say where a request's CPU
 * goes when the load generator, the gateway and the instances share the machine's cores.
 */
final class ContainerCpu {

    /** Clock ticks per second of {@code /proc/<pid>/stat}; 100 on every Linux this runs on. */
    private static final double TICKS_PER_SECOND = 100.0;

    private final List<Long> pids;

    private ContainerCpu(List<Long> pids) {
        this.pids = pids;
    }

    static ContainerCpu of(BenchEnvironment env, List<String> containerIds) {
        return new ContainerCpu(containerIds.stream()
                .map(id -> env.docker.inspectContainerCmd(id).exec().getState().getPidLong())
                .toList());
    }

    /** Host processes that are not containers (the reference proxy). */
    static ContainerCpu ofPids(List<Long> pids) {
        return new ContainerCpu(pids);
    }

    /** Seconds of CPU used so far by all of them; NaN when {@code /proc} cannot be read (not on the engine's host). */
    double seconds() {
        double ticks = 0;
        for (long pid : pids) {
            try {
                String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
                String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
                ticks += Long.parseLong(fields[11]) + Long.parseLong(fields[12]); // utime, stime (fields 14, 15)
            } catch (IOException | RuntimeException e) {
                return Double.NaN;
            }
        }
        return ticks / TICKS_PER_SECOND;
    }

    /** The CPU seconds this process (the load generator) has used so far. */
    static double loadGeneratorSeconds() {
        return ProcessHandle.current().info().totalCpuDuration().map(d -> d.toNanos() / 1e9).orElse(Double.NaN);
    }
}
