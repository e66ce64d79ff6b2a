package dev.servicegov.gateway.routing;

import java.time.Duration;
import java.util.List;
import java.util.function.Function;

import reactor.core.Disposable;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;

import org.springframework.cloud.client.ServiceInstance;
import org.springframework.web.reactive.socket.WebSocketHandler;
import org.springframework.web.reactive.socket.WebSocketSession;
import org.springframework.web.reactive.socket.client.WebSocketClient;

/**
 * A WebSocket opened to an instance and held open, by a subscription of its own, until {@link #release()}: the
 * caller's side is answered only once the handler that opened this one has returned (the servlet container sends the
 * caller's 101 then), so the instance's side cannot live inside that handler.
 *
 * @param instance the instance it is open to
 * @param session the instance's side
 * @param release ends the instance's side: closes it, or gives up opening it
 */
record InstanceSocket(ServiceInstance instance, WebSocketSession session, Runnable release) {

    /**
     * @param timeout how long the instance may take to accept the WebSocket ({@code TimeoutException} after); 0 or less:
     *     no limit
     */
    static Mono<InstanceSocket> open(WebSocketClient client, InstanceHandshake handshake, ServiceInstance instance,
            Duration timeout) {
        Sinks.One<WebSocketSession> opened = Sinks.one();
        Sinks.Empty<Void> released = Sinks.empty();
        Handler holding = new Handler(handshake.offered(), session -> {
            opened.tryEmitValue(session);
            return released.asMono();
        });
        Disposable held = client.execute(handshake.target(instance), handshake.headers(), holding)
                .subscribe(null, opened::tryEmitError);
        Runnable release = () -> {
            released.tryEmitEmpty();
            held.dispose();
        };
        Mono<WebSocketSession> session = timeout.isZero() || timeout.isNegative() ? opened.asMono()
                : opened.asMono().timeout(timeout);
        return session.map(open -> new InstanceSocket(instance, open, release)).doOnError(failure -> release.run())
                .doOnCancel(release);
    }

    /** The subprotocol the instance chose, as the only one the caller's side may accept. */
    List<String> chosenSubProtocol() {
        String chosen = session.getHandshakeInfo().getSubProtocol();
        return chosen == null ? List.of() : List.of(chosen);
    }

    /** A side's handler: the subprotocols it offers or accepts, and what it does with its session. */
    record Handler(List<String> subProtocols, Function<WebSocketSession, Mono<Void>> onOpen) implements WebSocketHandler {

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
