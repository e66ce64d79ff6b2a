package dev.servicegov.gateway.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.http.WebSocket;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * WebSockets through the gateway: {@code ws://gateway/{service}/**} reaches a healthy instance without the prefix,
 * messages go both ways as they were sent, either side's close reaches the other, and an instance that cannot be
 * reached is put aside for another. Refusals: {@link GatewayWebSocketRefusalsIT}. Setup in {@link WebSocketITBase}.
 */
class GatewayWebSocketIT extends WebSocketITBase {

    /**
     * What Jetty reports when the connection drops before its own close frame went out: Reactor Netty's client (the
     * gateway's side to the instance) closes the connection right after sending its close frame, so the instance
     * reports the caller's status or, when it was not quick enough to answer, this one.
     */
    private static final int ABNORMAL_AFTER_THE_CLOSE_FRAME = 1006;

    @Test
    void aWebSocketReachesTheInstanceWithoutThePrefixAndCarriesMessagesBothWaysUntilTheCallerCloses() throws Exception {
        startWebSocketInstance("ws-echo");
        WebSocketMessages received = new WebSocketMessages();
        WebSocket socket = connect("/ws-echo/chat?room=1", received);

        assertThat(socket.getSubprotocol()).as("the subprotocol the instance accepted").isEqualTo(WebSocketInstance.SUBPROTOCOL);
        socket.sendText("hello", true).get(5, TimeUnit.SECONDS);
        assertThat(received.next()).isEqualTo("text:hello");
        socket.sendBinary(ByteBuffer.wrap(new byte[] {1, 2, 3}), true).get(5, TimeUnit.SECONDS);
        assertThat(received.next()).isEqualTo("binary:3");
        String large = "x".repeat(100_000);
        socket.sendText(large, true).get(5, TimeUnit.SECONDS);
        assertThat(received.next()).as("above the 64KB default, within the tests' 128KB").isEqualTo("text:" + large);
        socket.sendBinary(ByteBuffer.wrap(new byte[100_000]), true).get(5, TimeUnit.SECONDS);
        assertThat(received.next()).isEqualTo("binary:100000");

        WebSocketInstance.Handshake handshake = instance.handshakes.get(0);
        assertThat(handshake.pathQuery()).isEqualTo("/chat?room=1");
        assertThat(handshake.forwardedPrefix()).isEqualTo("/ws-echo");
        assertThat(handshake.forwardedPort()).as("the port in the caller's Host").isEqualTo(String.valueOf(uri("/").getPort()));
        assertThat(handshake.forwardedFor()).isEqualTo("127.0.0.1");
        assertThat(handshake.session()).as("an end-to-end header of the caller").isEqualTo("abc");
        assertThat(handshake.offered()).containsExactly("chat.v1", WebSocketInstance.SUBPROTOCOL);

        assertThat(get("/actuator/prometheus").body()).as("the gateway's meters")
                .contains("gateway_websockets_open{service=\"ws-echo\"} 1.0")
                .contains("gateway_websockets_opened_total{service=\"ws-echo\"} 1.0");

        socket.sendClose(WebSocket.NORMAL_CLOSURE, "bye").get(5, TimeUnit.SECONDS);
        assertThat(instance.closedOn("/chat?room=1").get(5, TimeUnit.SECONDS)).as("the close the instance got")
                .isIn(1000, ABNORMAL_AFTER_THE_CLOSE_FRAME);
        assertThat(received.next()).isEqualTo("close:1000");

        String head = handshakeHead("/ws-echo/chat");
        assertThat(head).startsWith("HTTP/1.1 101")
                .contains("X-Served-By: ws-echo-1 127.0.0.1:" + instance.port())
                .containsIgnoringCase("Sec-WebSocket-Protocol: " + WebSocketInstance.SUBPROTOCOL);
    }

    @Test
    void theCallersAnswerCarriesTheStickyInstanceCookieOfAServiceThatHasOne() throws Exception {
        startWebSocketInstance("ws-pinned");

        String head = handshakeHead("/ws-pinned/chat");

        assertThat(head).startsWith("HTTP/1.1 101").contains("X-Served-By: ws-pinned-1 127.0.0.1:" + instance.port())
                .containsPattern("(?i)Set-Cookie: sc-ws=");
    }

    /** A {@code Host} without a port names the scheme's default one (RFC 9110, 7.2), whatever port the gateway is on. */
    @Test
    void aWebSocketsForwardedHeadersAreThoseAPlainRequestGetsForTheSameCall() throws Exception {
        startWebSocketInstance("ws-forwarded");
        startPassing("plain-forwarded", 1);
        awaitRoutable("plain-forwarded");

        assertThat(handshakeHead("/ws-forwarded/chat")).startsWith("HTTP/1.1 101");
        String plain = sendRaw("GET /plain-forwarded/echo HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n", 0);

        JsonNode plainHeaders = bodyOf(plain).get("headers");
        WebSocketInstance.Handshake handshake = instance.handshakes.get(0);
        assertThat(handshake.forwardedPort()).isEqualTo(plainHeaders.get("x-forwarded-port").asString())
                .isEqualTo("80");
        assertThat(handshake.forwardedFor()).isEqualTo(plainHeaders.get("x-forwarded-for").asString());
    }

    /** Connecting cannot have reached the instance: as a request that never did, it is tried on another. */
    @Test
    void anInstanceThatRefusesConnectionsIsPutAsideAndTheWebSocketOpensOnAnother() throws Exception {
        assertWebSocketsOpenBeside("ws-failover", aClosedPort());
    }

    /** As a port Docker forwards for a container that is down: nothing reached an application either. */
    @Test
    void anInstanceThatClosesBeforeAnsweringTheHandshakeIsPutAsideAndTheWebSocketOpensOnAnother() throws Exception {
        try (ServerSocket closing = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            Thread closer = new Thread(() -> {
                while (!closing.isClosed()) {
                    try {
                        closing.accept().close();
                    } catch (IOException closedAtTheEnd) {
                        return;
                    }
                }
            }, "closing-instance");
            closer.setDaemon(true);
            closer.start();
            assertWebSocketsOpenBeside("ws-closing", closing.getLocalPort());
        }
    }

    /**
     * A WebSocket holds its connection to the instance for its whole life: none may wait for another to end, as they
     * did behind a pool of 16 connections per instance address (Reactor Netty's default for a pool of one's own).
     * Messages every half second keep the open ones past the tests' 2 s idle timeout.
     */
    @Test
    void fortyWebSocketsToOneInstanceOpenTogether() throws Exception {
        startWebSocketInstance("ws-many");
        List<WebSocket> open = new CopyOnWriteArrayList<>();
        ScheduledExecutorService keepAlive = Executors.newSingleThreadScheduledExecutor();
        keepAlive.scheduleAtFixedRate(() -> open.forEach(socket -> socket.sendText("still here", true)), 500, 500,
                TimeUnit.MILLISECONDS);
        try {
            CompletableFuture<?>[] opening = IntStream.range(0, 40)
                    .mapToObj(i -> connecting("/ws-many/", new WebSocketMessages()).thenAccept(open::add))
                    .toArray(CompletableFuture[]::new);
            CompletableFuture.allOf(opening).get(10, TimeUnit.SECONDS);
            assertThat(open).as("WebSockets open together").hasSize(40);
        } finally {
            keepAlive.shutdownNow();
            open.forEach(WebSocket::abort);
        }
    }

    /** With the WebSocket instance and a broken one at {@code brokenPort}, every WebSocket opens on the first. */
    private void assertWebSocketsOpenBeside(String service, int brokenPort) throws Exception {
        startWebSocketInstance(service);
        consulApi().register(service, service + "-broken", brokenPort, "web", "it");
        consulApi().pass(service + "-broken");
        org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(15)).pollInterval(Duration.ofMillis(200))
                .until(() -> serviceStatus(service).get("instances").size() == 2);

        for (int i = 0; i < 4; i++) {
            WebSocketMessages received = new WebSocketMessages();
            WebSocket socket = connect("/" + service + "/", received);
            socket.sendText("hello " + i, true).get(5, TimeUnit.SECONDS);
            assertThat(received.next()).isEqualTo("text:hello " + i);
            socket.sendClose(WebSocket.NORMAL_CLOSURE, "bye").get(5, TimeUnit.SECONDS);
            assertThat(received.next()).isEqualTo("close:1000");
        }
        assertThat(instance.handshakes).as("every WebSocket on the instance that answers").hasSize(4);
        JsonNode broken = null;
        for (JsonNode candidate : serviceStatus(service).get("instances")) {
            if (candidate.get("id").asString().equals(service + "-broken")) {
                broken = candidate;
            }
        }
        assertThat(broken).as("the broken instance on the status page").isNotNull();
        assertThat(broken.get("putAside").asBoolean()).as("put aside").isTrue();
    }

    @Test
    void anInstanceClosingTheWebSocketClosesTheCallersWithItsStatus() throws Exception {
        startWebSocketInstance("ws-kick");
        WebSocketMessages received = new WebSocketMessages();
        WebSocket socket = connect("/ws-kick/", received);

        socket.sendText("kick", true).get(5, TimeUnit.SECONDS);

        assertThat(received.next()).isEqualTo("close:4001");
    }

    @Test
    void anInstanceGoneWithoutACloseFrameClosesTheCallersAsGoingAway() throws Exception {
        startWebSocketInstance("ws-drop");
        WebSocketMessages received = new WebSocketMessages();
        WebSocket socket = connect("/ws-drop/", received);

        socket.sendText("drop", true).get(5, TimeUnit.SECONDS);

        assertThat(received.next()).isEqualTo("close:1001");
    }

    /** {@code gateway.proxy.websocket-max-message} is 128KB in these tests; the instance takes up to 1MB. */
    @Test
    void aMessageLargerThanTheLimitClosesTheWebSocketAsTooBig_EitherWay() throws Exception {
        startWebSocketInstance("ws-big");
        WebSocketMessages fromTheCaller = new WebSocketMessages();
        WebSocket caller = connect("/ws-big/up", fromTheCaller);
        WebSocketMessages toTheCaller = new WebSocketMessages();
        WebSocket listener = connect("/ws-big/down", toTheCaller);

        // the gateway may close before the caller has written it all: the send may fail, the close is what counts
        caller.sendText("x".repeat(200_000), true).handle((sent, cutShort) -> null).get(5, TimeUnit.SECONDS);
        listener.sendText("send 200000", true).get(5, TimeUnit.SECONDS);

        assertThat(fromTheCaller.next()).as("the caller's message too big").isEqualTo("close:1009");
        assertThat(instance.closedOn("/up").get(5, TimeUnit.SECONDS)).isIn(1009, ABNORMAL_AFTER_THE_CLOSE_FRAME);
        assertThat(toTheCaller.next()).as("the instance's message too big").isEqualTo("close:1009");
        assertThat(instance.closedOn("/down").get(5, TimeUnit.SECONDS)).isEqualTo(1009);
    }

    /** {@code gateway.proxy.websocket-idle-timeout} is 2 s in these tests (Jetty's own default: 30 s). */
    @Test
    void aWebSocketQuietForLongerThanTheIdleTimeoutIsClosedOnBothSides() throws Exception {
        startWebSocketInstance("ws-quiet");
        WebSocketMessages received = new WebSocketMessages();
        WebSocket socket = connect("/ws-quiet/quiet", received);
        socket.sendText("still here", true).get(5, TimeUnit.SECONDS);
        assertThat(received.next()).isEqualTo("text:still here");

        assertThat(received.next()).as("after 2 s without a message").isEqualTo("close:1001");
        assertThat(instance.closedOn("/quiet").get(5, TimeUnit.SECONDS)).as("the close the instance got")
                .isIn(1001, ABNORMAL_AFTER_THE_CLOSE_FRAME);
    }
}
