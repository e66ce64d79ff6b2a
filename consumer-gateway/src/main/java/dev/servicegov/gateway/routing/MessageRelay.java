package dev.servicegov.gateway.routing;

import static dev.servicegov.gateway.error.Causes.hasCause;

import io.netty.handler.codec.TooLongFrameException;
import io.netty.handler.codec.http.websocketx.CorruptedWebSocketFrameException;
import io.netty.handler.codec.http.websocketx.WebSocketCloseStatus;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Mono;

import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.core.io.buffer.DataBufferUtils;
import org.springframework.core.io.buffer.NettyDataBuffer;
import org.springframework.web.reactive.socket.CloseStatus;
import org.springframework.web.reactive.socket.WebSocketMessage;
import org.springframework.web.reactive.socket.WebSocketSession;

/**
 * Carries messages between a caller's WebSocket and an instance's, as they came (text, binary, ping, pong), one at a
 * time: each side reads its next message only once the other has taken the last. Either side's close reaches the other
 * with its status; a side gone without a close frame (1006) closes the other as going away, and a message too big
 * to carry closes both as too big (1009).
 */
final class MessageRelay {

    private static final Logger log = LoggerFactory.getLogger(MessageRelay.class);

    private MessageRelay() {
    }

    /** Completes once both sides are closed. */
    static Mono<Void> between(WebSocketSession caller, WebSocketSession instance, String service) {
        Mono<Void> callerToInstance = caller.receive().map(message -> copy(message, instance))
                .concatMap(message -> instance.send(Mono.just(message)), 0).then();
        Mono<Void> instanceToCaller = instance.receive().map(message -> copy(message, caller))
                .concatMap(message -> caller.send(Mono.just(message)), 0).then();
        return Mono.when(callerToInstance, instanceToCaller, closeOnClose(caller, instance), closeOnClose(instance, caller))
                .onErrorResume(failure -> {
                    log.debug("WebSocket of {} ended: {}", service, failure.toString());
                    CloseStatus status = tooBig(failure) ? CloseStatus.TOO_BIG_TO_PROCESS : CloseStatus.GOING_AWAY;
                    return Mono.when(caller.close(status), instance.close(status));
                });
    }

    /**
     * An instance's message above {@code gateway.proxy.websocket-max-message}, as Reactor Netty's client reports it: a
     * frame too long, or fragments that add up to too much. (Jetty's server closes a caller's itself, with 1009.)
     */
    private static boolean tooBig(Throwable failure) {
        return hasCause(failure, TooLongFrameException.class) || failure instanceof CorruptedWebSocketFrameException corrupt
                && corrupt.closeStatus().code() == WebSocketCloseStatus.MESSAGE_TOO_BIG.code();
    }

    private static Mono<Void> closeOnClose(WebSocketSession closing, WebSocketSession other) {
        return closing.closeStatus().defaultIfEmpty(CloseStatus.NO_CLOSE_FRAME).filter(status -> other.isOpen())
                .flatMap(status -> other.close(passable(status)));
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
}
