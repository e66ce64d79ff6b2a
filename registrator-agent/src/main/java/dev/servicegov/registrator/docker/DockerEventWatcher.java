package dev.servicegov.registrator.docker;

import java.io.Closeable;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.async.ResultCallback;
import com.github.dockerjava.api.model.Event;
import com.github.dockerjava.api.model.EventType;

import dev.servicegov.registrator.config.RegistratorProperties;
import dev.servicegov.registrator.sync.RegistrationEngine;
import dev.servicegov.registrator.sync.RegistratorMetrics;
import dev.servicegov.registrator.sync.WorkItem;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.stereotype.Component;

/**
 * Follows the engine's container events and queues them for the {@link RegistrationEngine}. When the
 * stream fails or ends it reconnects with backoff, from the time of the last event seen, and asks for
 * a full reconcile. The backoff starts again from its shortest pause after an event, or after a stream
 * that stayed up longer than the longest pause.
 */
@Component
public class DockerEventWatcher {

    /**
     * Container actions and network ones ({@code connect}, {@code disconnect}); {@code health_status} matches every
     * verdict; {@code rename} changes the services' ids, which carry the container's name.
     */
    static final String[] ACTIONS = {"start", "die", "stop", "kill", "destroy", "pause", "unpause", "health_status",
        "rename", "connect", "disconnect"};

    private static final Logger log = LoggerFactory.getLogger(DockerEventWatcher.class);

    private final DockerClient docker;
    private final RegistrationEngine engine;
    private final RegistratorMetrics metrics;
    private final ConsulAgentLocator agentLocator;
    private final Duration maxBackoff;
    private final Clock clock;
    /** Reconnects, and looks for the Consul agent after network events off the event stream's thread. */
    private final ScheduledExecutorService reconnects = Executors.newSingleThreadScheduledExecutor(runnable -> {
        Thread thread = new Thread(runnable, "docker-events-reconnect");
        thread.setDaemon(true);
        return thread;
    });
    private volatile long sinceSeconds;
    private volatile boolean connected;
    private volatile boolean stopped = true;
    private volatile Closeable stream;
    private final AtomicInteger failures = new AtomicInteger();

    @Autowired
    public DockerEventWatcher(@Qualifier("eventStreamDockerClient") DockerClient docker, RegistrationEngine engine,
            RegistratorMetrics metrics, ConsulAgentLocator agentLocator, RegistratorProperties properties) {
        this(docker, engine, metrics, agentLocator, properties, Clock.systemUTC());
    }

    DockerEventWatcher(DockerClient docker, RegistrationEngine engine, RegistratorMetrics metrics,
            ConsulAgentLocator agentLocator, RegistratorProperties properties, Clock clock) {
        this.docker = docker;
        this.engine = engine;
        this.metrics = metrics;
        this.agentLocator = agentLocator;
        this.maxBackoff = properties.maxRetryBackoff();
        this.clock = clock;
    }

    /** Follows events from {@code since} on (so nothing between the first listing and the subscription is lost). */
    public synchronized void start(Instant since) {
        stopped = false;
        sinceSeconds = since.getEpochSecond();
        subscribe(false);
    }

    public synchronized void stop() {
        stopped = true;
        connected = false;
        reconnects.shutdownNow();
        closeStream();
    }

    public boolean isConnected() {
        return connected;
    }

    private synchronized void subscribe(boolean resyncOnStart) {
        if (stopped) {
            return;
        }
        log.info("Following Docker container events since {}", Instant.ofEpochSecond(sinceSeconds));
        docker.eventsCmd()
                .withEventTypeFilter(EventType.CONTAINER, EventType.NETWORK)
                .withEventFilter(ACTIONS)
                .withSince(Long.toString(sinceSeconds))
                .exec(new Callback(resyncOnStart));
    }

    /** @param connectedAt when the stream that ended was opened, {@code null} if it never was */
    private synchronized void scheduleReconnect(String why, Instant connectedAt) {
        connected = false;
        closeStream();
        if (stopped) {
            return;
        }
        // a stream that stayed up that long was a working connection, even on a quiet host where no event reset the
        // count: without this the next engine restart would start with the pauses the previous one had reached
        if (connectedAt != null && !Duration.between(connectedAt, clock.instant()).minus(maxBackoff).isNegative()) {
            failures.set(0);
        }
        int failed = failures.incrementAndGet();
        long delay = Math.min(maxBackoff.toMillis(), 500L * (1L << Math.min(failed - 1, 16)));
        log.warn("Docker event stream {}; reconnecting in {} ms", why, delay);
        reconnects.schedule(() -> subscribe(true), delay, TimeUnit.MILLISECONDS);
    }

    private void locateAgentAfter(String containerId) {
        try {
            reconnects.execute(() -> agentLocator.onNetworkEvent(containerId));
        } catch (RejectedExecutionException e) {
            log.debug("Stopped: not looking for the Consul agent after a network event");
        }
    }

    private void closeStream() {
        Closeable current = stream;
        stream = null;
        if (current != null) {
            try {
                current.close();
            } catch (IOException | RuntimeException e) {
                log.debug("Closing the event stream: {}", e.getMessage());
            }
        }
    }

    private final class Callback extends ResultCallback.Adapter<Event> {

        private final boolean resyncOnStart;
        private volatile boolean done;
        private volatile Instant connectedAt;

        Callback(boolean resyncOnStart) {
            this.resyncOnStart = resyncOnStart;
        }

        @Override
        public void onStart(Closeable closeable) {
            super.onStart(closeable);
            stream = closeable;
            connected = true;
            connectedAt = clock.instant();
            if (resyncOnStart) {
                engine.submit(new WorkItem.Resync("Docker event stream reconnected"));
            }
        }

        @Override
        public void onNext(Event event) {
            failures.set(0);
            if (event.getTime() != null) {
                sinceSeconds = Math.max(sinceSeconds, event.getTime());
            }
            String action = event.getAction() != null ? event.getAction() : event.getStatus();
            Map<String, String> attributes = event.getActor() != null && event.getActor().getAttributes() != null
                    ? event.getActor().getAttributes() : Map.of();
            String id = event.getActor() != null && event.getActor().getId() != null ? event.getActor().getId() : event.getId();
            if (event.getType() == EventType.NETWORK) {
                id = attributes.get("container");
            }
            if (action == null || id == null) {
                return;
            }
            if (event.getType() == EventType.NETWORK) {
                locateAgentAfter(id);
            }
            engine.submit(new WorkItem.ContainerEvent(action, id, attributes.get("signal"), attributes.get("exitCode")));
        }

        @Override
        public void onError(Throwable throwable) {
            if (finish()) {
                metrics.error("docker-events");
                scheduleReconnect("failed: " + throwable.getMessage(), connectedAt);
            }
        }

        @Override
        public void onComplete() {
            if (finish()) {
                scheduleReconnect("ended", connectedAt);
            }
        }

        private synchronized boolean finish() {
            boolean first = !done;
            done = true;
            return first && !stopped;
        }
    }
}
