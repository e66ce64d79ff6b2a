package dev.servicegov.gateway.routing;

import java.time.Duration;
import java.util.List;

import dev.servicegov.gateway.error.DecidedAnswer;
import dev.servicegov.gateway.error.GatewayError;
import reactor.core.publisher.Mono;

import org.springframework.cloud.client.ServiceInstance;
import org.springframework.web.server.ServerWebExchange;

/** Where one caller's WebSocket may go, as {@link WebSocketRoutes} decided it for the caller's request. */
interface WebSocketRoute {

    String service();

    /** The handshake each instance tried gets. */
    InstanceHandshake handshake();

    /** Another instance, none of those tried; empty when none is left. */
    Mono<ServiceInstance> another(List<ServiceInstance> tried);

    /** How many more instances may be tried after one that could not be reached. */
    int retries();

    /** How long an instance may take to accept the WebSocket; 0 or less: no limit. */
    Duration handshakeTimeout();

    /** The caller's upgrade refused with {@code answer}, counted as the gateway's own answers to requests are. */
    DecidedAnswer refuse(GatewayError answer, Throwable cause);

    /** Names the instance in the caller's answer, as on an HTTP answer. */
    void nameInTheAnswer(ServerWebExchange exchange, ServiceInstance instance);
}
