package dev.servicegov.gateway.it;

import java.nio.ByteBuffer;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.websocket.api.Callback;
import org.eclipse.jetty.websocket.api.Session;
import org.eclipse.jetty.websocket.server.WebSocketUpgradeHandler;

/**
 * A WebSocket instance on 127.0.0.1 (Jetty's WebSocket server): it echoes every text and binary message, accepts
 * the subprotocol {@code chat.v2} when offered, closes with 4001 when told {@code kick}, drops the connection without
 * a close frame when told {@code drop}, answers {@code send <n>} with a text of n characters, and keeps what each
 * handshake carried and how each WebSocket was closed.
 */
final class WebSocketInstance implements AutoCloseable {

    /** What an instance saw of a handshake. */
    record Handshake(String pathQuery, String forwardedFor, String forwardedPrefix, String forwardedPort, String session,
            List<String> offered) {
    }

    static final String SUBPROTOCOL = "chat.v2";
    static final int MAX_MESSAGE = 1024 * 1024;

    final List<Handshake> handshakes = new CopyOnWriteArrayList<>();
    /** How each WebSocket was closed, by the path and query its handshake carried. */
    final Map<String, CompletableFuture<Integer>> closes = new ConcurrentHashMap<>();
    private final Server server = new Server();
    private final ServerConnector connector = new ServerConnector(server);

    private WebSocketInstance() {
    }

    static WebSocketInstance start() throws Exception {
        WebSocketInstance instance = new WebSocketInstance();
        instance.connector.setHost("127.0.0.1");
        instance.server.addConnector(instance.connector);
        instance.server.setHandler(WebSocketUpgradeHandler.from(instance.server, container -> {
            // larger than the gateway's limit in these tests, so that only the gateway's is met
            container.setMaxTextMessageSize(MAX_MESSAGE);
            container.setMaxBinaryMessageSize(MAX_MESSAGE);
            container.addMapping("/*", (request, response, callback) -> {
                instance.handshakes.add(new Handshake(request.getHttpURI().getPathQuery(),
                        request.getHeaders().get("X-Forwarded-For"), request.getHeaders().get("X-Forwarded-Prefix"),
                        request.getHeaders().get("X-Forwarded-Port"), request.getHeaders().get("X-Session"),
                        request.getSubProtocols()));
                if (request.hasSubProtocol(SUBPROTOCOL)) {
                    response.setAcceptedSubProtocol(SUBPROTOCOL);
                }
                return instance.new Echo(request.getHttpURI().getPathQuery());
            });
        }));
        instance.server.start();
        return instance;
    }

    /** How the WebSocket whose handshake carried this path and query was closed, once it is. */
    CompletableFuture<Integer> closedOn(String pathQuery) {
        return closes.computeIfAbsent(pathQuery, path -> new CompletableFuture<>());
    }

    int port() {
        return connector.getLocalPort();
    }

    @Override
    public void close() throws Exception {
        server.stop();
    }

    /** One WebSocket's endpoint. */
    public final class Echo implements Session.Listener.AutoDemanding {

        private final String pathQuery;
        private Session session;

        Echo(String pathQuery) {
            this.pathQuery = pathQuery;
        }

        @Override
        public void onWebSocketOpen(Session session) {
            this.session = session;
        }

        @Override
        public void onWebSocketText(String message) {
            if (message.equals("kick")) {
                session.close(4001, "kicked", Callback.NOOP);
            } else if (message.equals("drop")) {
                session.disconnect();
            } else if (message.startsWith("send ")) {
                session.sendText("y".repeat(Integer.parseInt(message.substring(5))), Callback.NOOP);
            } else {
                session.sendText(message, Callback.NOOP);
            }
        }

        @Override
        public void onWebSocketBinary(ByteBuffer payload, Callback callback) {
            ByteBuffer copy = ByteBuffer.allocate(payload.remaining()).put(payload).flip();
            callback.succeed();
            session.sendBinary(copy, Callback.NOOP);
        }

        @Override
        public void onWebSocketClose(int statusCode, String reason, Callback callback) {
            closedOn(pathQuery).complete(statusCode);
            callback.succeed();
        }
    }
}
