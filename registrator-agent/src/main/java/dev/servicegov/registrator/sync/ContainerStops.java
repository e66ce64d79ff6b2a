package dev.servicegov.registrator.sync;

import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

/**
 * What the engine knows of containers being stopped: each mapped container's own stop signal (a kill with it is a
 * stop), and which ones were sent a stopping signal and have not exited yet. The engine still sees those running
 * while they shut down, and a resync or a health event in that window must not put their services back.
 */
final class ContainerStops {

    /**
     * How long a container that was sent a stopping signal stays out of rotation at the most, should it neither exit
     * nor start again (a process that ignores the signal): longer than any usual stop timeout.
     */
    static final Duration STOPPING_AT_MOST = Duration.ofMinutes(5);

    private final Map<String, String> stopSignals = new HashMap<>();
    private final Map<String, Instant> stoppingSince = new HashMap<>();

    /** Records the container's own stop signal ({@code null}: the default, SIGTERM). */
    void stopSignal(String containerId, String stopSignal) {
        stopSignals.put(containerId, stopSignal);
    }

    String stopSignalOf(String containerId) {
        return stopSignals.get(containerId);
    }

    /** The container was sent a stopping signal. */
    void stopping(String containerId, Instant now) {
        stoppingSince.put(containerId, now);
    }

    /** The container started (again): it serves. */
    void started(String containerId) {
        stoppingSince.remove(containerId);
    }

    boolean isStopping(String containerId, Instant now) {
        Instant since = stoppingSince.get(containerId);
        return since != null && now.isBefore(since.plus(STOPPING_AT_MOST));
    }

    /** How many containers it remembers. */
    int size() {
        Set<String> ids = new HashSet<>(stopSignals.keySet());
        ids.addAll(stoppingSince.keySet());
        return ids.size();
    }

    void forget(String containerId) {
        stopSignals.remove(containerId);
        stoppingSince.remove(containerId);
    }

    /** Forgets every container but these. */
    void retainOnly(Collection<String> containerIds) {
        stopSignals.keySet().retainAll(containerIds);
        stoppingSince.keySet().retainAll(containerIds);
    }
}
