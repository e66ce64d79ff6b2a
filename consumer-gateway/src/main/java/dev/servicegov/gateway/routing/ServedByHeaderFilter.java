package dev.servicegov.gateway.routing;

import dev.servicegov.gateway.instances.ChosenInstance;
import reactor.core.publisher.Mono;

import org.springframework.cloud.gateway.filter.GatewayFilterChain;
import org.springframework.cloud.gateway.filter.GlobalFilter;
import org.springframework.cloud.gateway.filter.ReactiveLoadBalancerClientFilter;
import org.springframework.core.Ordered;
import org.springframework.web.server.ServerWebExchange;

/**
 * Names the instance the load balancer chose in a response header. It reads the choice when the
 * response is committed, so after retries it names the instance that answered last.
 */
public class ServedByHeaderFilter implements GlobalFilter, Ordered {

    private final String headerName;

    public ServedByHeaderFilter(String headerName) {
        this.headerName = headerName;
    }

    @Override
    public Mono<Void> filter(ServerWebExchange exchange, GatewayFilterChain chain) {
        exchange.getResponse().beforeCommit(() -> {
            ChosenInstance.of(exchange).ifPresent(instance ->
                    exchange.getResponse().getHeaders().set(headerName, ServedBy.describe(instance)));
            return Mono.empty();
        });
        return chain.filter(exchange);
    }

    /** Right after the load balancer filter has chosen an instance. */
    @Override
    public int getOrder() {
        return ReactiveLoadBalancerClientFilter.LOAD_BALANCER_CLIENT_FILTER_ORDER + 1;
    }
}
