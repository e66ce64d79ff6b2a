package dev.servicegov.registrator.sync;

import java.util.List;

import dev.servicegov.registrator.bridge.CheckDefinition;
import dev.servicegov.registrator.bridge.ServiceDefinition;
import dev.servicegov.registrator.bridge.ServiceMapper;
import dev.servicegov.registrator.config.RegistratorProperties.DeregisterMode;

/**
 * What a container event means for that container's services, decided from the event, the {@code deregister} mode
 * and whether the container is mapped: a pure function, so that every lifecycle rule reads in one place.
 */
final class ContainerEventRules {

    /** What the engine does with the container's services. */
    enum Outcome {
        /** Its services leave the registry. */
        FORGET,
        /**
         * It is being stopped: its services leave the registry now, before its process exits, and stay out while the
         * engine still lists it as running, until it exits or starts again.
         */
        WITHDRAW,
        /**
         * It exited with a failure under {@code deregister=on-success} ({@link #failed}): its services stay, even once it
         * is gone.
         */
        RETAIN,
        /**
         * It is being stopped under {@code deregister=on-success}: its services go into maintenance, so that consumers
         * drain while it shuts down; its exit code, not known yet, decides at {@code die} whether they leave.
         */
        DRAIN,
        /** Its services follow what an inspection says now (a start, a pause, a health status...). */
        INSPECT,
        /**
         * Nothing changes: a {@code stop} under on-success, a {@code kill} that does not stop, a network event of a
         * container not mapped yet.
         */
        NONE
    }

    private static final List<String> STOPPING_SIGNALS = List.of("SIGINT", "SIGKILL", "SIGTERM");
    private static final List<String> NAMESPACE_CHANGES = List.of("start", "die", "destroy", "connect", "disconnect");

    private ContainerEventRules() {
    }

    /**
     * @param action the event's action, {@code health_status: ...} shortened to {@code health_status}
     * @param stopSignal the container's own stop signal (its image's {@code STOPSIGNAL}), or {@code null}
     * @param mapped whether the container's services are currently known
     */
    static Outcome outcome(String action, String signal, String exitCode, String stopSignal, DeregisterMode mode,
            boolean mapped) {
        boolean always = mode == DeregisterMode.ALWAYS;
        return switch (action) {
            case "stop", "oom" -> always ? Outcome.FORGET : Outcome.NONE;
            case "die" -> always || !failed(exitCode) || !mapped ? Outcome.FORGET : Outcome.RETAIN;
            case "destroy" -> Outcome.FORGET;
            case "kill" -> !stopping(signal, stopSignal) ? Outcome.NONE
                    : always ? Outcome.WITHDRAW : mapped ? Outcome.DRAIN : Outcome.NONE;
            // the engine answers an inspection of a starting container only once it runs: looking at one here would
            // hold up every other event for as long as its start takes; its start event is the one to look at it
            case "connect", "disconnect" -> mapped ? Outcome.INSPECT : Outcome.NONE;
            default -> Outcome.INSPECT;
        };
    }

    /**
     * Whether a container that exited with this code failed, as {@code deregister=on-success} reads it (and
     * gliderlabs/registrator did): a code other than 0 that is not 128 + a signal's number. A container ended by a
     * signal was stopped ({@code docker stop}: 143 for a process that exits on SIGTERM as the JVM does, 137 after the
     * grace period or {@code docker kill}), which is no failure of its own.
     */
    static boolean failed(int exitCode) {
        return exitCode != 0 && (exitCode & 128) == 0;
    }

    /** {@link #failed(int)} for an event's exit code; one that cannot be read counts as a failure. */
    private static boolean failed(String exitCode) {
        try {
            return failed(Integer.parseInt(exitCode));
        } catch (NumberFormatException e) {
            return true;
        }
    }

    /**
     * Whether the event changes the addresses of the container's network namespace, and so those of the containers that
     * share it ({@code --network container:X}), which get no event of their own: it gets its addresses at its start,
     * loses them when it exits or is removed, and a network event adds or takes one.
     */
    static boolean changesNetworkNamespace(String action) {
        return NAMESPACE_CHANGES.contains(action);
    }

    /** Whether the event says the container runs anew, so that a stop it was given before is over. */
    static boolean startsAnew(String action) {
        return "start".equals(action);
    }

    /** The container's services in maintenance while it stops ({@link Outcome#DRAIN}). */
    static List<ServiceDefinition> draining(List<ServiceDefinition> services) {
        return services.stream()
                .map(service -> service.withMaintenance("container " + service.containerName() + " is stopping ("
                        + ServiceMapper.OWNER + ")"))
                .toList();
    }

    /**
     * The services of a container that exited with a failure, kept ({@link Outcome#RETAIN}): a TTL check the agent
     * keeps passing (a Docker HEALTHCHECK's, a refreshed one) turns critical, as nothing runs any more; and Consul is not
     * to remove them once critical for {@code deregister-critical-service-after}, or the agent would register them
     * again each time: they stay until the container is removed or starts again, as {@code on-success} asks.
     */
    static List<ServiceDefinition> exited(List<ServiceDefinition> services) {
        return services.stream().map(service -> {
            CheckDefinition check = service.check();
            if (check == null) {
                return service;
            }
            if (check.isTtl() && check.refresh() != null) {
                check = check.withStatus("critical");
            }
            return service.withCheck(check.withDeregisterCriticalServiceAfter(null));
        }).toList();
    }

    /** {@code docker stop} sends the container's own stop signal (SIGQUIT for nginx), {@code docker kill} SIGKILL. */
    private static boolean stopping(String signal, String stopSignal) {
        return signal == null || Signals.same(signal, stopSignal)
                || STOPPING_SIGNALS.stream().anyMatch(stopping -> Signals.same(signal, stopping));
    }
}
