package dev.servicegov.gateway.routing;

import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import org.eclipse.jetty.client.Request;
import org.eclipse.jetty.util.thread.Scheduler;

/**
 * A service's {@code response-timeout} on one try at an instance: how long the instance may take to start its answer
 * (the wait for a connection to it included), then how long it may stay silent in the middle of it. An answer that
 * keeps coming is never cut for lasting: a stream of Server-Sent Events, a long download, one a slow client reads
 * slowly (Jetty's own total timeout would cut them all once the timeout has passed since the request went out).
 * Either way the try fails with a {@link TimeoutException}, as Jetty's timeouts fail it.
 */
final class AnswerTimeout {

    private AnswerTimeout() {
    }

    /** @param timeout 0 or less: none of the gateway's, only the proxy's client's idle timeout (Jetty's 30 s) */
    static void apply(Request toInstance, Scheduler scheduler, Duration timeout) {
        long millis = timeout.toMillis();
        if (millis <= 0) {
            return;
        }
        // else the client's idle timeout (30 s) cuts a slow answer short, whatever the service's response timeout
        toInstance.idleTimeout(millis, TimeUnit.MILLISECONDS);
        Scheduler.Task beginning = scheduler.schedule(
                () -> toInstance.abort(new TimeoutException("no answer within " + millis + " ms")), millis,
                TimeUnit.MILLISECONDS);
        toInstance.onResponseBegin(answer -> beginning.cancel());
        toInstance.onComplete(result -> beginning.cancel());
    }
}
