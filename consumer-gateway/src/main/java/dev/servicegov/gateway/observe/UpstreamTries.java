package dev.servicegov.gateway.observe;

import static dev.servicegov.gateway.error.Causes.hasCause;

import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.TimeoutException;

import dev.servicegov.gateway.instances.InFlightRequests;
import dev.servicegov.gateway.instances.InstanceQuarantine;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.cloud.client.ServiceInstance;

/**
 * Accounts for every try at an instance, retries included: counts it in flight, measures it, remembers it for the
 * status page, and puts the instance aside when it refused or reset the connection or answered 502/503, so a
 * retry goes to another instance. A try cut short by the client hanging up is no fault of the instance's.
 */
public class UpstreamTries {

    /** The outcome of a try whose answer the client hung up on. */
    public static final String CLIENT_CLOSED = "client_closed";

    private static final Logger log = LoggerFactory.getLogger(UpstreamTries.class);

    /** One try at an instance, from its start. */
    public record Try(ServiceInstance instance, long startedNanos) {
    }

    private final InFlightRequests inFlight;
    private final InstanceQuarantine quarantine;
    private final GatewayMetrics metrics;
    private final RecentRequests recent;

    public UpstreamTries(InFlightRequests inFlight, InstanceQuarantine quarantine, GatewayMetrics metrics,
            RecentRequests recent) {
        this.inFlight = inFlight;
        this.quarantine = quarantine;
        this.metrics = metrics;
        this.recent = recent;
    }

    /** @param retry whether an earlier try of the same request came before */
    public Try started(ServiceInstance instance, boolean retry) {
        if (retry) {
            metrics.retried(instance.getServiceId());
        }
        inFlight.started(instance);
        return new Try(instance, System.nanoTime());
    }

    /** The try ended with an answer of this status. */
    public void answered(Try attempt, int status) {
        ended(attempt, String.valueOf(status), null);
    }

    /** The try ended without an answer. */
    public void failed(Try attempt, Throwable error) {
        ended(attempt, outcomeOf(error), error);
    }

    /** The client hung up while the instance's answer was passed on to it: no error of the instance. */
    public void clientClosed(Try attempt, Throwable failure) {
        log.debug("the client of a request to {} hung up: {}", attempt.instance().getServiceId(), failure.toString());
        ended(attempt, CLIENT_CLOSED, null);
    }

    private void ended(Try attempt, String outcome, Throwable error) {
        ServiceInstance instance = attempt.instance();
        inFlight.finished(instance);
        String service = instance.getServiceId();
        String id = GatewayMetrics.instanceTag(instance);
        Duration took = Duration.ofNanos(System.nanoTime() - attempt.startedNanos());
        metrics.attempted(service, id, outcome, took);
        recent.record(new RecentRequests.Entry(Instant.now(), service, id, outcome, took.toMillis()));
        if (error != null || outcome.equals("502") || outcome.equals("503")) {
            metrics.failed(service, id, error != null ? outcome : "status_" + outcome);
        }
        if (outcome.equals("connect_error") || outcome.equals("502") || outcome.equals("503")) {
            quarantine.putAside(instance, error != null ? error.toString() : "answered " + outcome);
        }
    }

    /** {@code timeout}, {@code connect_error} (refused, reset, closed early) or {@code error}. */
    static String outcomeOf(Throwable error) {
        if (hasCause(error, TimeoutException.class)) {
            return "timeout";
        }
        return hasCause(error, IOException.class) ? "connect_error" : "error";
    }
}
