package dev.servicegov.registrator.sync;

/** What the engine's worker processes, in arrival order. */
public sealed interface WorkItem {

    /**
     * A container event from the Docker engine.
     *
     * @param action {@code start}, {@code die}, {@code stop}, {@code kill}, {@code destroy}...
     * @param containerId full container id
     * @param signal the signal of a {@code kill}, else {@code null}
     */
    record ContainerEvent(String action, String containerId, String signal) implements WorkItem {
    }

    /** A full reconcile of all containers with the registry. */
    record Resync(String reason) implements WorkItem {
    }
}
