package dev.servicegov.gateway.routing;

import static dev.servicegov.gateway.error.Causes.hasCause;

import java.io.IOException;
import java.util.Set;
import java.util.concurrent.TimeoutException;
import java.util.function.ToIntFunction;

/**
 * When a request is tried again on another instance (at most {@code gateway.services.<name>.retries} more tries, else
 * {@code gateway.proxy.retries}):
 * <ul>
 * <li>idempotent methods (GET, HEAD, OPTIONS, PUT, DELETE, TRACE): after a failed connection, a timeout, or a
 * 502, 503 or 504 answer;</li>
 * <li>other methods (POST, PATCH, ...): only when the instance was never reached, so it cannot have acted on it.</li>
 * </ul>
 */
public record RetryRules(ToIntFunction<String> retriesOf) {

    private static final Set<String> IDEMPOTENT = Set.of("GET", "HEAD", "OPTIONS", "PUT", "DELETE", "TRACE");
    private static final Set<Integer> RETRIED_STATUSES = Set.of(502, 503, 504);

    /** @param tries how many tries the request has had, the one that answered included */
    public boolean afterAnswer(String service, String method, int status, int tries) {
        return tries <= retriesOf.applyAsInt(service) && IDEMPOTENT.contains(method) && RETRIED_STATUSES.contains(status);
    }

    /**
     * @param tries how many tries the request has had, the one that failed included
     * @param reached whether the failed try's request went out to the instance
     */
    public boolean afterFailure(String service, String method, Throwable failure, int tries, boolean reached) {
        if (tries > retriesOf.applyAsInt(service)) {
            return false;
        }
        if (!IDEMPOTENT.contains(method)) {
            return !reached;
        }
        return hasCause(failure, IOException.class) || hasCause(failure, TimeoutException.class);
    }
}
