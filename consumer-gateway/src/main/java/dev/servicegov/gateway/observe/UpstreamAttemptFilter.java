package dev.servicegov.gateway.observe;

import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;

import dev.servicegov.gateway.instances.ChosenInstance;
import dev.servicegov.gateway.instances.InFlightRequests;
import dev.servicegov.gateway.instances.InstanceQuarantine;
import reactor.core.publisher.Mono;

import org.springframework.cloud.client.ServiceInstance;
import org.springframework.cloud.gateway.filter.GatewayFilterChain;
import org.springframework.cloud.gateway.filter.GlobalFilter;
import org.springframework.cloud.gateway.filter.ReactiveLoadBalancerClientFilter;
import org.springframework.core.Ordered;
import org.springframework.http.HttpStatusCode;
import org.springframework.web.server.ResponseStatusException;
import org.springframework.web.server.ServerWebExchange;

/**
 * Watches every try at an instance (it runs inside the Retry filter, after the load balancer chose):
 * counts it in flight, measures it, remembers it for the status page, and puts the instance aside when
 * it refused or reset the connection or answered 502/503, so a retry goes to another instance.
 */
public class UpstreamAttemptFilter implements GlobalFilter, Ordered {

    static final String ATTEMPTS = UpstreamAttemptFilter.class.getName() + ".attempts";

    private final InFlightRequests inFlight;
    private final InstanceQuarantine quarantine;
    private final GatewayMetrics metrics;
    private final RecentRequests recent;

    public UpstreamAttemptFilter(InFlightRequests inFlight, InstanceQuarantine quarantine, GatewayMetrics metrics,
            RecentRequests recent) {
        this.inFlight = inFlight;
        this.quarantine = quarantine;
        this.metrics = metrics;
        this.recent = recent;
    }

    @Override
    public Mono<Void> filter(ServerWebExchange exchange, GatewayFilterChain chain) {
        ServiceInstance instance = ChosenInstance.of(exchange).orElse(null);
        if (instance == null) {
            return chain.filter(exchange);
        }
        AtomicInteger attempts = (AtomicInteger) exchange.getAttributes().computeIfAbsent(ATTEMPTS, key -> new AtomicInteger());
        if (attempts.incrementAndGet() > 1) {
            metrics.retried(instance.getServiceId());
        }
        long started = System.nanoTime();
        return Mono.defer(() -> {
            inFlight.started(instance);
            return chain.filter(exchange);
        })
                .doOnSuccess(done -> ended(instance, started, outcomeOf(exchange.getResponse().getStatusCode()), null))
                .doOnError(error -> ended(instance, started, outcomeOf(error), error))
                .doFinally(signal -> inFlight.finished(instance));
    }

    private void ended(ServiceInstance instance, long started, String outcome, Throwable error) {
        String service = instance.getServiceId();
        String id = instance.getInstanceId() != null ? instance.getInstanceId() : instance.getHost() + ":" + instance.getPort();
        Duration took = Duration.ofNanos(System.nanoTime() - started);
        metrics.attempted(service, id, outcome, took);
        recent.record(new RecentRequests.Entry(Instant.now(), service, id, outcome, took.toMillis()));
        if (error != null || outcome.equals("502") || outcome.equals("503")) {
            metrics.failed(service, id, error != null ? outcome : "status_" + outcome);
        }
        if (outcome.equals("connect_error") || outcome.equals("502") || outcome.equals("503")) {
            quarantine.putAside(instance, error != null ? error.toString() : "answered " + outcome);
        }
    }

    static String outcomeOf(HttpStatusCode status) {
        return status != null ? String.valueOf(status.value()) : "200";
    }

    static String outcomeOf(Throwable error) {
        for (Throwable current = error; current != null; current = current.getCause()) {
            if (current instanceof TimeoutException
                    || (current instanceof ResponseStatusException status && status.getStatusCode().value() == 504)) {
                return "timeout";
            }
            if (current instanceof IOException) {
                return "connect_error";
            }
            if (current.getCause() == current) {
                break;
            }
        }
        return "error";
    }

    /** Right after the load balancer's choice (and the served-by header filter). */
    @Override
    public int getOrder() {
        return ReactiveLoadBalancerClientFilter.LOAD_BALANCER_CLIENT_FILTER_ORDER + 2;
    }
}
