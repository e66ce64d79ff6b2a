package dev.servicegov.gateway.routing;

import dev.servicegov.gateway.error.ErrorClassifier;
import dev.servicegov.gateway.error.GatewayError;

import org.eclipse.jetty.http.HttpHeader;
import org.springframework.http.HttpHeaders;

/**
 * What a caller's WebSocket handshake must carry for the gateway to take it (RFC 6455, 4.2.1): a
 * {@code Sec-WebSocket-Key}, and version 13. Checked before an instance's WebSocket is opened, so that a handshake the
 * caller's side would refuse costs no instance a connection. ({@code Connection} without {@code Upgrade} never gets
 * here: Jetty's HTTP server refuses such a request itself, 400.)
 */
final class CallerHandshake {

    /** RFC 6455's version, the only one Jetty's server and Reactor Netty's client speak. */
    static final String VERSION = "13";
    private static final String SEC_WEBSOCKET_KEY = HttpHeader.SEC_WEBSOCKET_KEY.asString();
    private static final String SEC_WEBSOCKET_VERSION = HttpHeader.SEC_WEBSOCKET_VERSION.asString();

    private CallerHandshake() {
    }

    /**
     * Why the gateway cannot take the handshake, worded by {@code classifier}: 400 for one that lacks what RFC 6455
     * asks, 426 for one of another version (whose answer names version 13 in {@code Sec-WebSocket-Version}).
     *
     * @return {@code null} for a handshake the gateway can take
     */
    static GatewayError refusal(HttpHeaders headers, String service, ErrorClassifier classifier) {
        if (headers.getFirst(SEC_WEBSOCKET_KEY) == null) {
            return classifier.badWebSocketHandshake(service, "no " + SEC_WEBSOCKET_KEY + " header");
        }
        String version = headers.getFirst(SEC_WEBSOCKET_VERSION);
        if (version == null) {
            return classifier.badWebSocketHandshake(service, "no " + SEC_WEBSOCKET_VERSION + " header");
        }
        if (!VERSION.equals(version.trim())) {
            return classifier.unsupportedWebSocketVersion(service, version);
        }
        return null;
    }
}
