package dev.servicegov.gateway.routing;

import java.net.ConnectException;
import java.util.Set;

import reactor.core.publisher.Mono;
import reactor.util.retry.Retry;

import org.springframework.cloud.gateway.filter.GatewayFilter;
import org.springframework.cloud.gateway.filter.factory.AbstractGatewayFilterFactory;
import org.springframework.cloud.gateway.support.ServerWebExchangeUtils;
import org.springframework.http.HttpMethod;

/**
 * Route filter {@code RetryUnreached}: tries a request with a non-idempotent method (POST, PATCH, ...)
 * again, on another instance, when the chosen instance was never reached (connection refused or connect
 * timeout), so it cannot have acted on it. Idempotent methods are left to the gateway's {@code Retry}
 * filter. The request body can be sent again because the {@code Retry} filter on the same route caches it.
 */
public class RetryUnreachedGatewayFilterFactory extends AbstractGatewayFilterFactory<RetryUnreachedGatewayFilterFactory.Config> {

    private static final Set<HttpMethod> IDEMPOTENT = Set.of(HttpMethod.GET, HttpMethod.HEAD, HttpMethod.OPTIONS,
            HttpMethod.PUT, HttpMethod.DELETE, HttpMethod.TRACE);

    /** @see #setRetries */
    public static class Config {

        private int retries = 2;

        public int getRetries() {
            return retries;
        }

        /** How many more tries after the first; 0 turns the filter off. */
        public void setRetries(int retries) {
            this.retries = retries;
        }
    }

    public RetryUnreachedGatewayFilterFactory() {
        super(Config.class);
    }

    @Override
    public GatewayFilter apply(Config config) {
        return (exchange, chain) -> {
            if (config.getRetries() <= 0 || IDEMPOTENT.contains(exchange.getRequest().getMethod())) {
                return chain.filter(exchange);
            }
            return Mono.defer(() -> chain.filter(exchange))
                    .retryWhen(Retry.max(config.getRetries())
                            .filter(RetryUnreachedGatewayFilterFactory::neverReached)
                            .doBeforeRetry(signal -> ServerWebExchangeUtils.reset(exchange))
                            .onRetryExhaustedThrow((spec, signal) -> signal.failure()));
        };
    }

    static boolean neverReached(Throwable error) {
        for (Throwable current = error; current != null; current = current.getCause()) {
            if (current instanceof ConnectException) {
                return true;
            }
            if (current.getCause() == current) {
                break;
            }
        }
        return false;
    }
}
