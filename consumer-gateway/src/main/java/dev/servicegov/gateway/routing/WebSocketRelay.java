package dev.servicegov.gateway.routing;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;

import dev.servicegov.gateway.observe.GatewayMetrics;
import io.netty.handler.codec.http.websocketx.WebSocketClientHandshakeException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.Disposable;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;

import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.core.io.buffer.DataBufferUtils;
import org.springframework.core.io.buffer.NettyDataBuffer;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.web.reactive.socket.CloseStatus;
import org.springframework.web.reactive.socket.WebSocketHandler;
import org.springframework.web.reactive.socket.WebSocketMessage;
import org.springframework.web.reactive.socket.WebSocketSession;
import org.springframework.web.reactive.socket.client.WebSocketClient;
import org.springframework.web.reactive.socket.server.WebSocketService;
import org.springframework.web.server.ResponseStatusException;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebHandler;

/**
 * One caller's WebSocket, carried to the instance chosen for it. The instance's WebSocket is opened first, so that
 * the caller's upgrade is accepted with the subprotocol the instance chose, and refused as any request is when the
 * instance cannot be reached (502), does not accept in time (504) or refuses the upgrade (its status, 502 for one
 * that is no error). Then every message goes across as it came
 * (text, binary, ping, pong), each side reading its next message only when the other has taken the last, and either
 * side closing closes the other with the same status.
 */
final class WebSocketRelay implements WebHandler {

    private static final Logger log = LoggerFactory.getLogger(WebSocketRelay.class);
    private static final Duration CALLER_OPEN_TIMEOUT = Duration.ofSeconds(10);

    private final WebSocketClient client;
    private final WebSocketService callers;
    private final String service;
    private final InstanceHandshake handshake;
    private final Duration handshakeTimeout;
    private final GatewayMetrics metrics;

    /**
     * @param callers accepts the caller's upgrade
     * @param handshake what the instance's side is opened with
     * @param handshakeTimeout how long the instance may take to accept its WebSocket (504 after); 0 or less: no
     *     limit, as for requests
     * @param metrics counts the WebSockets opened and open
     */
    WebSocketRelay(WebSocketClient client, WebSocketService callers, String service, InstanceHandshake handshake,
            Duration handshakeTimeout, GatewayMetrics metrics) {
        this.client = client;
        this.callers = callers;
        this.service = service;
        this.handshake = handshake;
        this.handshakeTimeout = handshakeTimeout;
        this.metrics = metrics;
    }

    /**
     * Opens the instance's side, then answers the caller's upgrade. The servlet container sends the caller's 101 only
     * once this returns, so the instance's side is held by a subscription of its own, until the relay ends (or, should
     * the caller's side never open, {@link #CALLER_OPEN_TIMEOUT} after its upgrade was answered).
     */
    @Override
    public Mono<Void> handle(ServerWebExchange exchange) {
        Sinks.One<WebSocketSession> opened = Sinks.one();
        Sinks.Empty<Void> relayed = Sinks.empty();
        Disposable instanceSide = client.execute(handshake.target(), handshake.headers(),
                new Handler(handshake.offered(), instance -> {
                    opened.tryEmitValue(instance);
                    return relayed.asMono();
                })).subscribe(null, opened::tryEmitError);
        Runnable release = () -> {
            relayed.tryEmitEmpty();
            instanceSide.dispose();
        };
        AtomicBoolean callerOpened = new AtomicBoolean();
        Mono<WebSocketSession> instanceOpened = handshakeTimeout.isZero() || handshakeTimeout.isNegative()
                ? opened.asMono() : opened.asMono().timeout(handshakeTimeout);
        return instanceOpened
                .flatMap(instance -> callers.handleRequest(offeredAsOneList(exchange), new Handler(chosen(instance), caller -> {
                    callerOpened.set(true);
                    metrics.webSocketOpened(service);
                    return relay(caller, instance).doFinally(signal -> {
                        metrics.webSocketClosed(service);
                        relayed.tryEmitEmpty();
                    });
                })))
                .doOnError(failure -> release.run())
                .doOnCancel(release)
                .doOnSuccess(upgraded -> Mono.delay(CALLER_OPEN_TIMEOUT).subscribe(ticks -> {
                    if (!callerOpened.get()) {
                        release.run();
                    }
                }))
                .onErrorMap(failure -> !exchange.getResponse().isCommitted(), this::refusal);
    }

    /**
     * The exchange with the caller's offered subprotocols in one header, without spaces: Spring's handshake splits the
     * header at commas as it stands, so {@code chat.v1, chat.v2} (as browsers send it) would offer {@code " chat.v2"}.
     */
    private ServerWebExchange offeredAsOneList(ServerWebExchange exchange) {
        if (handshake.offered().isEmpty()) {
            return exchange;
        }
        return exchange.mutate().request(request -> request.headers(sent ->
                sent.set(InstanceHandshake.SEC_WEBSOCKET_PROTOCOL, String.join(",", handshake.offered())))).build();
    }

    private static List<String> chosen(WebSocketSession instance) {
        String subProtocol = instance.getHandshakeInfo().getSubProtocol();
        return subProtocol == null ? List.of() : List.of(subProtocol);
    }

    /**
     * Each side's messages to the other, one at a time; either side's close to the other, its status kept (a side
     * gone without a close frame, 1006, closes the other as going away).
     */
    private Mono<Void> relay(WebSocketSession caller, WebSocketSession instance) {
        Mono<Void> callerToInstance = caller.receive().map(message -> copy(message, instance))
                .concatMap(message -> instance.send(Mono.just(message)), 0).then();
        Mono<Void> instanceToCaller = instance.receive().map(message -> copy(message, caller))
                .concatMap(message -> caller.send(Mono.just(message)), 0).then();
        Mono<Void> callerClosed = closeOnClose(caller, instance);
        Mono<Void> instanceClosed = closeOnClose(instance, caller);
        return Mono.when(callerToInstance, instanceToCaller, callerClosed, instanceClosed).onErrorResume(failure -> {
            log.debug("WebSocket of {} to {} ended: {}", service, handshake.target(), failure.toString());
            return Mono.when(caller.close(CloseStatus.GOING_AWAY), instance.close(CloseStatus.GOING_AWAY));
        });
    }

    private static Mono<Void> closeOnClose(WebSocketSession closing, WebSocketSession other) {
        return closing.closeStatus().defaultIfEmpty(CloseStatus.NO_CLOSE_FRAME).filter(status -> other.isOpen())
                .flatMap(status -> other.close(passable(status)));
    }

    private ResponseStatusException refusal(Throwable failure) {
        if (failure instanceof ResponseStatusException callersOwn) {
            // the caller's handshake, refused by Spring's (400, 405): not the instance's doing
            return callersOwn;
        }
        if (failure instanceof WebSocketClientHandshakeException refused) {
            int status = refused.response().status().code();
            return new ResponseStatusException(status >= 400 ? HttpStatusCode.valueOf(status) : HttpStatus.BAD_GATEWAY,
                    "the instance refused the WebSocket (" + status + ")", failure);
        }
        if (failure instanceof TimeoutException) {
            return new ResponseStatusException(HttpStatus.GATEWAY_TIMEOUT, "the chosen instance did not answer in time",
                    failure);
        }
        log.warn("WebSocket of {} to {} could not be opened: {}", service, handshake.target(), failure.toString());
        return new ResponseStatusException(HttpStatus.BAD_GATEWAY, "the chosen instance could not be reached", failure);
    }

    /**
     * The message in the other side's buffers. The received buffer is released here when it is Jetty's (which reads
     * the caller's next message only then); Reactor Netty releases its own once the message has been handed on.
     */
    private static WebSocketMessage copy(WebSocketMessage message, WebSocketSession to) {
        DataBuffer payload = message.getPayload();
        byte[] bytes = new byte[payload.readableByteCount()];
        payload.read(bytes);
        if (!(payload instanceof NettyDataBuffer)) {
            DataBufferUtils.release(payload);
        }
        return new WebSocketMessage(message.getType(), to.bufferFactory().wrap(bytes));
    }

    /** A status that may be sent in a close frame: 1005, 1006 and 1015 only say what a side saw (RFC 6455, 7.4.1). */
    static CloseStatus passable(CloseStatus status) {
        return switch (status.getCode()) {
            case 1005 -> CloseStatus.NORMAL;
            case 1006, 1015 -> CloseStatus.GOING_AWAY;
            default -> status;
        };
    }

    /** A side's handler: the subprotocols it offers or accepts, and what it does with its session. */
    private record Handler(List<String> subProtocols, java.util.function.Function<WebSocketSession, Mono<Void>> onOpen)
            implements WebSocketHandler {

        @Override
        public List<String> getSubProtocols() {
            return subProtocols;
        }

        @Override
        public Mono<Void> handle(WebSocketSession session) {
            return onOpen.apply(session);
        }
    }
}
