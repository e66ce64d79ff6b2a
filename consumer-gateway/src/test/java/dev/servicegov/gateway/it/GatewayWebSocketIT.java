package dev.servicegov.gateway.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.net.http.WebSocketHandshakeException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * WebSockets through the gateway: {@code ws://gateway/{service}/**} reaches a healthy instance without the prefix,
 * messages go both ways as they were sent, either side's close reaches the other, and a service without a healthy
 * instance refuses the upgrade with the gateway's 503. Setup in {@link GatewayITBase}.
 */
class GatewayWebSocketIT extends GatewayITBase {

    /**
     * What Jetty reports when the connection drops before its own close frame went out: Reactor Netty's client (the
     * gateway's side to the instance) closes the connection right after sending its close frame, so the instance
     * reports the caller's status or, when it was not quick enough to answer, this one.
     */
    private static final int ABNORMAL_AFTER_THE_CLOSE_FRAME = 1006;

    private final HttpClient client = HttpClient.newHttpClient();
    private WebSocketInstance instance;

    @AfterAll
    void stopTheInstance() throws Exception {
        if (instance != null) {
            instance.close();
        }
    }

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
        String large = "x".repeat(40_000);
        socket.sendText(large, true).get(5, TimeUnit.SECONDS);
        assertThat(received.next()).isEqualTo("text:" + large);

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

    @Test
    void aServiceWithoutAHealthyInstanceRefusesTheUpgradeWith503() throws Exception {
        consulApi().register("ws-down", "ws-down-1", 9, "web", "it");
        awaitListed("ws-down", 503);
        int countedBefore = answersCounted("ws-down", 503, "no healthy instance");

        assertThatThrownBy(() -> connect("/ws-down/chat", new WebSocketMessages())).isInstanceOf(ExecutionException.class)
                .cause().isInstanceOfSatisfying(WebSocketHandshakeException.class,
                        refused -> assertThat(refused.getResponse().statusCode()).isEqualTo(503));
        String answer = sendRaw(upgradeRequest("/ws-down/chat"), 0);
        JsonNode body = bodyOf(answer);
        assertThat(answer).startsWith("HTTP/1.1 503");
        assertThat(body.get("error").asString()).isEqualTo("no healthy instance");
        assertThat(body.get("service").asString()).isEqualTo("ws-down");
        assertThat(answersCounted("ws-down", 503, "no healthy instance")).as("counted as the HTTP path's")
                .isEqualTo(countedBefore + 2);
    }

    @Test
    void anInstanceThatCannotBeReachedOrAnswersNoUpgradeIsAnswered502_ItsOwnRefusalKeepsItsStatus() throws Exception {
        startPassing("ws-plain", 1);
        awaitRoutable("ws-plain");
        consulApi().register("ws-gone", "ws-gone-1", aClosedPort(), "web", "it");
        consulApi().pass("ws-gone-1");
        awaitListed("ws-gone", 502);
        int countedBefore = answersCounted("ws-gone", 502, "the chosen instance could not be reached");

        for (String service : List.of("ws-plain", "ws-gone")) {
            String answer = sendRaw(upgradeRequest("/" + service + "/chat"), 0);
            assertThat(answer).as(service).startsWith("HTTP/1.1 502");
            assertThat(bodyOf(answer).get("service").asString()).isEqualTo(service);
        }
        assertThat(bodyOf(sendRaw(upgradeRequest("/ws-plain/chat"), 0)).get("error").asString())
                .contains("refused the WebSocket (200)");
        String refused = sendRaw(upgradeRequest("/ws-plain/status/401"), 0);
        assertThat(refused).as("the instance's own refusal").startsWith("HTTP/1.1 401");
        assertThat(bodyOf(refused).get("error").asString()).contains("refused the WebSocket (401)");
        String notFound = sendRaw(upgradeRequest("/ws-plain/status/404"), 0);
        assertThat(notFound).as("the instance's 404, not the gateway's \"unknown service\"").startsWith("HTTP/1.1 404");
        assertThat(bodyOf(notFound).get("error").asString()).isEqualTo("the instance refused the WebSocket (404)");
        assertThat(answersCounted("ws-gone", 502, "the chosen instance could not be reached")).isEqualTo(countedBefore + 1);
        assertThat(answersCounted("ws-plain", 404, "the instance refused the WebSocket (404)")).isEqualTo(1);
    }

    /** What RFC 6455 (4.2.1) asks of a handshake is checked before an instance is chosen, so none sees a bad one. */
    @Test
    void aHandshakeTheGatewayCannotTakeIsRefused400_OrForAnotherVersion426_BeforeAnyInstanceSeesIt() throws Exception {
        startWebSocketInstance("ws-strict");
        String upgrade = upgradeRequest("/ws-strict/chat");

        String noKey = sendRaw(upgrade.replace("Sec-WebSocket-Key", "X-Not-The-Key"), 0);
        String noUpgradeInConnection = sendRaw(upgrade.replace("Connection: Upgrade, close", "Connection: close"), 0);
        String version8 = sendRaw(upgrade.replace("Sec-WebSocket-Version: 13", "Sec-WebSocket-Version: 8"), 0);

        assertThat(noKey).startsWith("HTTP/1.1 400");
        assertThat(bodyOf(noKey).get("hint").asString()).startsWith("no Sec-WebSocket-Key header");
        assertThat(noUpgradeInConnection).startsWith("HTTP/1.1 400");
        assertThat(bodyOf(noUpgradeInConnection).get("hint").asString()).as("Jetty's own refusal")
                .startsWith("Invalid h2c upgrade headers");
        assertThat(version8).startsWith("HTTP/1.1 426").containsIgnoringCase("Sec-WebSocket-Version: 13\r\n");
        assertThat(bodyOf(version8).get("error").asString()).isEqualTo("unsupported WebSocket version");
        assertThat(instance.handshakes).as("handshakes an instance saw").isEmpty();
        assertThat(answersCounted("ws-strict", 400, "bad WebSocket handshake")).isEqualTo(1);
        assertThat(answersCounted("ws-strict", 426, "unsupported WebSocket version")).isEqualTo(1);
    }

    @Test
    void anInstanceThatNeverAnswersTheHandshakeIsAnswered504AfterTheServicesResponseTimeout() throws Exception {
        try (ServerSocket silent = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            consulApi().register("ws-silent", "ws-silent-1", silent.getLocalPort(), "web", "it");
            consulApi().pass("ws-silent-1");
            awaitListed("ws-silent", 504);

            long sentAt = System.nanoTime();
            String answer = sendRaw(upgradeRequest("/ws-silent/chat"), 0);

            assertThat(answer).startsWith("HTTP/1.1 504");
            assertThat(bodyOf(answer).get("error").asString()).isEqualTo("the chosen instance did not answer in time");
            assertThat(Duration.ofNanos(System.nanoTime() - sentAt)).as("gateway.services.ws-silent.response-timeout: 500ms")
                    .isLessThan(Duration.ofSeconds(5));
        }
    }

    /** {@code gateway_answers_total} of the service, status and error: 0 when there is none. */
    private int answersCounted(String service, int status, String error) throws Exception {
        String series = "gateway_answers_total{error=\"" + error + "\",service=\"" + service + "\",status=\"" + status
                + "\"} ";
        return get("/actuator/prometheus").body().lines().filter(line -> line.startsWith(series))
                .mapToInt(line -> (int) Double.parseDouble(line.substring(series.length()))).sum();
    }

    /** A loopback port nothing listens on: connections to it are refused. */
    private static int aClosedPort() throws Exception {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    /** The head of the gateway's answer to a handshake offering both subprotocols, read up to its blank line. */
    private String handshakeHead(String path) throws Exception {
        try (Socket client = new Socket("127.0.0.1", uri("/").getPort())) {
            client.setSoTimeout(10_000);
            client.getOutputStream().write(upgradeRequest(path).replace("Connection: Upgrade, close", "Connection: Upgrade")
                    .replace("\r\n\r\n", "\r\nSec-WebSocket-Protocol: chat.v1, " + WebSocketInstance.SUBPROTOCOL + "\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            InputStream in = client.getInputStream();
            StringBuilder head = new StringBuilder();
            while (head.indexOf("\r\n\r\n") < 0) {
                int next = in.read();
                if (next < 0) {
                    break;
                }
                head.append((char) next);
            }
            return head.toString();
        }
    }

    private static String upgradeRequest(String path) {
        return "GET " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\nUpgrade: websocket\r\nConnection: Upgrade, close\r\n"
                + "Sec-WebSocket-Version: 13\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n\r\n";
    }

    private void startWebSocketInstance(String service) throws Exception {
        if (instance == null) {
            instance = WebSocketInstance.start();
        }
        instance.handshakes.clear();
        consulApi().register(service, service + "-1", instance.port(), "web", "it");
        consulApi().pass(service + "-1");
        org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(15))
                .pollInterval(Duration.ofMillis(200))
                .until(() -> read(get("/services")).findValues("name").stream().anyMatch(name -> name.asString().equals(service))
                        && serviceStatus(service).get("instances").size() > 0);
    }

    /** Until a plain request to the service is answered {@code status}: the gateway routes it. */
    private void awaitListed(String service, int status) {
        org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(15))
                .pollInterval(Duration.ofMillis(200))
                .until(() -> get("/" + service + "/x").statusCode() == status);
    }

    private WebSocket connect(String path, WebSocketMessages received) throws Exception {
        return client.newWebSocketBuilder()
                .subprotocols("chat.v1", WebSocketInstance.SUBPROTOCOL)
                .header("X-Session", "abc")
                .buildAsync(URI.create("ws://127.0.0.1:" + uri("/").getPort() + path), received)
                .get(10, TimeUnit.SECONDS);
    }
}
