package dev.servicegov.gateway.instances;

import java.util.Optional;

import org.springframework.cloud.client.ServiceInstance;
import org.springframework.cloud.client.loadbalancer.Response;
import org.springframework.cloud.gateway.support.ServerWebExchangeUtils;
import org.springframework.web.server.ServerWebExchange;

/** The instance the load balancer chose for a request; after retries, the one of the latest try. */
public final class ChosenInstance {

    private ChosenInstance() {
    }

    /** Empty before the load balancer filter has run, or when the service had no instance to choose. */
    public static Optional<ServiceInstance> of(ServerWebExchange exchange) {
        Response<ServiceInstance> chosen = exchange.getAttribute(ServerWebExchangeUtils.GATEWAY_LOADBALANCER_RESPONSE_ATTR);
        return chosen != null && chosen.hasServer() ? Optional.of(chosen.getServer()) : Optional.empty();
    }
}
