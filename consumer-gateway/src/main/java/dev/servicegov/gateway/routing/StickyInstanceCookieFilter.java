package dev.servicegov.gateway.routing;

import java.util.function.Function;

import dev.servicegov.gateway.instances.ChosenInstance;
import reactor.core.publisher.Mono;

import org.springframework.cloud.client.ServiceInstance;
import org.springframework.cloud.gateway.filter.GatewayFilterChain;
import org.springframework.cloud.gateway.filter.GlobalFilter;
import org.springframework.cloud.gateway.filter.ReactiveLoadBalancerClientFilter;
import org.springframework.core.Ordered;
import org.springframework.http.HttpCookie;
import org.springframework.http.ResponseCookie;
import org.springframework.web.server.ServerWebExchange;

/**
 * For services sticky by an instance cookie ({@code gateway.services.<name>.sticky-instance-cookie}): tells the
 * client which instance answered, so its next request goes back there. The cookie is scoped to the service's path
 * and only set when it names another instance than the one the request carried.
 */
public class StickyInstanceCookieFilter implements GlobalFilter, Ordered {

    private final Function<String, String> instanceCookieOf;

    /** @param instanceCookieOf the instance cookie's name for a service, {@code null} when it has none */
    public StickyInstanceCookieFilter(Function<String, String> instanceCookieOf) {
        this.instanceCookieOf = instanceCookieOf;
    }

    @Override
    public Mono<Void> filter(ServerWebExchange exchange, GatewayFilterChain chain) {
        exchange.getResponse().beforeCommit(() -> {
            ChosenInstance.of(exchange).ifPresent(instance -> setCookieFor(exchange, instance));
            return Mono.empty();
        });
        return chain.filter(exchange);
    }

    private void setCookieFor(ServerWebExchange exchange, ServiceInstance instance) {
        String name = instanceCookieOf.apply(instance.getServiceId());
        if (name == null || instance.getInstanceId() == null) {
            return;
        }
        HttpCookie sent = exchange.getRequest().getCookies().getFirst(name);
        if (sent == null || !instance.getInstanceId().equals(sent.getValue())) {
            exchange.getResponse().addCookie(ResponseCookie.from(name, instance.getInstanceId())
                    .path("/" + instance.getServiceId()).httpOnly(true).sameSite("Lax").build());
        }
    }

    /** Right after the load balancer filter has chosen an instance. */
    @Override
    public int getOrder() {
        return ReactiveLoadBalancerClientFilter.LOAD_BALANCER_CLIENT_FILTER_ORDER + 1;
    }
}
