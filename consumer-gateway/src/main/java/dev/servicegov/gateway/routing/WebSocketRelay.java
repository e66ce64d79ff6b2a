package dev.servicegov.gateway.routing;

import static dev.servicegov.gateway.error.Causes.hasCause;

import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;

import dev.servicegov.gateway.consul.CatalogPresence;
import dev.servicegov.gateway.error.ErrorClassifier;
import dev.servicegov.gateway.instances.InstanceQuarantine;
import dev.servicegov.gateway.observe.GatewayMetrics;
import io.netty.handler.codec.http.websocketx.WebSocketClientHandshakeException;
import org.eclipse.jetty.http.HttpHeader;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Mono;

import org.springframework.cloud.client.ServiceInstance;
import org.springframework.web.reactive.socket.client.WebSocketClient;
import org.springframework.web.reactive.socket.server.WebSocketService;
import org.springframework.web.server.ResponseStatusException;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebHandler;

/**
 * One caller's WebSocket, carried to an instance of the service. The instance's WebSocket is opened first, so that the
 * caller's upgrade is accepted with the subprotocol the instance chose, and refused as any request is otherwise. An
 * instance that cannot be reached (refused, no route) is put aside and another one tried, as for a request that never
 * reached its instance; after the last: 502. An instance that does not accept in time: 504; one that refuses the
 * upgrade: its status (502 for one that is no error). Then {@link MessageRelay} carries the messages.
 */
final class WebSocketRelay implements WebHandler {

    private static final Logger log = LoggerFactory.getLogger(WebSocketRelay.class);
    /** How long after the caller's 101 its side may take to open before the instance's side is let go. */
    private static final Duration CALLER_OPEN_TIMEOUT = Duration.ofSeconds(10);

    private final WebSocketClient client;
    private final WebSocketService callers;
    private final WebSocketRoute route;
    private final ServiceInstance first;
    private final InstanceQuarantine quarantine;
    private final ErrorClassifier classifier;
    private final GatewayMetrics metrics;

    /**
     * @param callers accepts the caller's upgrade
     * @param first the instance chosen for the caller's request
     * @param quarantine where an instance that could not be reached is put aside
     * @param classifier words the answer to an upgrade that could not be carried
     * @param metrics counts the WebSockets opened and open
     */
    WebSocketRelay(WebSocketClient client, WebSocketService callers, WebSocketRoute route, ServiceInstance first,
            InstanceQuarantine quarantine, ErrorClassifier classifier, GatewayMetrics metrics) {
        this.client = client;
        this.callers = callers;
        this.route = route;
        this.first = first;
        this.quarantine = quarantine;
        this.classifier = classifier;
        this.metrics = metrics;
    }

    @Override
    public Mono<Void> handle(ServerWebExchange exchange) {
        List<ServiceInstance> tried = new ArrayList<>(3);
        return open(first, tried)
                .flatMap(instance -> Mono.defer(() -> answerTheCaller(exchange, instance))
                        .doOnError(failure -> instance.release().run())
                        .doOnCancel(instance.release()))
                .onErrorMap(failure -> !exchange.getResponse().isCommitted(), failure -> refusal(failure, tried));
    }

    /** Accepts the caller's upgrade; lets the instance's side go should the caller's never open. */
    private Mono<Void> answerTheCaller(ServerWebExchange exchange, InstanceSocket instance) {
        route.nameInTheAnswer(exchange, instance.instance());
        AtomicBoolean callerOpened = new AtomicBoolean();
        InstanceSocket.Handler callerSide = new InstanceSocket.Handler(instance.chosenSubProtocol(), caller -> {
            callerOpened.set(true);
            Runnable closed = metrics.webSocketOpened(route.service());
            return MessageRelay.between(caller, instance.session(), route.service()).doFinally(signal -> {
                closed.run();
                instance.release().run();
            });
        });
        return callers.handleRequest(offeredAsOneList(exchange), callerSide)
                .doOnSuccess(upgraded -> Mono.delay(CALLER_OPEN_TIMEOUT).subscribe(ticks -> {
                    if (!callerOpened.get()) {
                        instance.release().run();
                    }
                }));
    }

    /** The instance's side, on this instance or, when it cannot be reached, on another not tried yet. */
    private Mono<InstanceSocket> open(ServiceInstance instance, List<ServiceInstance> tried) {
        tried.add(instance);
        return InstanceSocket.open(client, route.handshake(), instance, route.handshakeTimeout())
                .onErrorResume(WebSocketRelay::unreached, failure -> {
                    quarantine.putAside(instance, failure.toString());
                    if (tried.size() > route.retries()) {
                        return Mono.error(failure);
                    }
                    return route.another(tried).switchIfEmpty(Mono.error(failure)).flatMap(next -> open(next, tried));
                });
    }

    /**
     * Not reached, or closed before it answered the handshake (a port Docker forwards for a container that is down):
     * nothing an instance did with the WebSocket, so another may be tried.
     */
    private static boolean unreached(Throwable failure) {
        return hasCause(failure, ConnectException.class) || hasCause(failure, NoRouteToHostException.class)
                || failure instanceof WebSocketClientHandshakeException handshake && handshake.response() == null;
    }

    /**
     * The exchange with the caller's offered subprotocols in one header, without spaces: Spring's handshake splits the
     * header at commas as it stands, so {@code chat.v1, chat.v2} (as browsers send it) would offer {@code " chat.v2"}.
     */
    private ServerWebExchange offeredAsOneList(ServerWebExchange exchange) {
        List<String> offered = route.handshake().offered();
        if (offered.isEmpty()) {
            return exchange;
        }
        return exchange.mutate().request(request -> request.headers(sent ->
                sent.set(HttpHeader.SEC_WEBSOCKET_SUBPROTOCOL.asString(), String.join(",", offered)))).build();
    }

    private RuntimeException refusal(Throwable failure, List<ServiceInstance> tried) {
        if (failure instanceof ResponseStatusException callersOwn) {
            // the caller's handshake, refused by Spring's (400, 405): not the instance's doing
            return route.refuse(classifier.classify(callersOwn, route.service(), CatalogPresence.LISTED), failure);
        }
        if (failure instanceof WebSocketClientHandshakeException refused && refused.response() != null) {
            return route.refuse(classifier.webSocketRefused(refused.response().status().code(), route.service()),
                    failure);
        }
        if (!(failure instanceof TimeoutException)) {
            log.warn("WebSocket of {} could not be opened on {}: {}", route.service(),
                    tried.stream().map(ServedBy::describe).toList(), failure.toString());
        }
        return route.refuse(classifier.upstreamFailure(failure, route.service(), tried), failure);
    }
}
