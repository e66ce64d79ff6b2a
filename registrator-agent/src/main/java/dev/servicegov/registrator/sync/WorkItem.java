package dev.servicegov.registrator.sync;

/** What the engine's worker processes, in arrival order. */
public sealed interface WorkItem {

    /**
     * A container event from the Docker engine (or a network event about a container).
     *
     * @param action {@code start}, {@code die}, {@code stop}, {@code kill}, {@code destroy}, {@code pause},
     *     {@code unpause}, {@code health_status: healthy}..., {@code connect}, {@code disconnect}
     * @param containerId full container id
     * @param signal the signal of a {@code kill}, else {@code null}
     * @param exitCode the exit code of a {@code die}, else {@code null}
     */
    record ContainerEvent(String action, String containerId, String signal, String exitCode) implements WorkItem {

        public ContainerEvent(String action, String containerId, String signal) {
            this(action, containerId, signal, null);
        }
    }

    /** A full reconcile of all containers with the registry. */
    record Resync(String reason) implements WorkItem {
    }
}
