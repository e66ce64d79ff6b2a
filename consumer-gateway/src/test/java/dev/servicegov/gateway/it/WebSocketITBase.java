package dev.servicegov.gateway.it;

import java.io.InputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;

/**
 * What the WebSocket tests share: one WebSocket instance ({@link WebSocketInstance}, on Jetty's WebSocket server) for
 * the services they register, a caller ({@link java.net.http.WebSocket}) and raw handshakes. The gateway and Consul are
 * {@link GatewayITBase}'s, shared with every other IT.
 */
abstract class WebSocketITBase extends GatewayITBase {

    private final HttpClient client = HttpClient.newHttpClient();
    protected WebSocketInstance instance;

    @AfterAll
    void stopTheInstance() throws Exception {
        if (instance != null) {
            instance.close();
        }
    }

    /** {@code gateway_answers_total} of the service, status and error: 0 when there is none. */
    protected int answersCounted(String service, int status, String error) throws Exception {
        String series = "gateway_answers_total{error=\"" + error + "\",service=\"" + service + "\",status=\"" + status
                + "\"} ";
        return get("/actuator/prometheus").body().lines().filter(line -> line.startsWith(series))
                .mapToInt(line -> (int) Double.parseDouble(line.substring(series.length()))).sum();
    }

    /** A loopback port nothing listens on: connections to it are refused. */
    protected static int aClosedPort() throws Exception {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    /** The head of the gateway's answer to a handshake offering both subprotocols, read up to its blank line. */
    protected String handshakeHead(String path) throws Exception {
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

    protected static String upgradeRequest(String path) {
        return "GET " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\nUpgrade: websocket\r\nConnection: Upgrade, close\r\n"
                + "Sec-WebSocket-Version: 13\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n\r\n";
    }

    protected void startWebSocketInstance(String service) throws Exception {
        if (instance == null) {
            instance = WebSocketInstance.start();
        }
        instance.handshakes.clear();
        consulApi().register(service, service + "-1", instance.port(), "web", "it");
        consulApi().pass(service + "-1");
        Awaitility.await().atMost(Duration.ofSeconds(15))
                .pollInterval(Duration.ofMillis(200))
                .until(() -> read(get("/services")).findValues("name").stream().anyMatch(name -> name.asString().equals(service))
                        && serviceStatus(service).get("instances").size() > 0);
    }

    /** Until a plain request to the service is answered {@code status}: the gateway routes it. */
    protected void awaitListed(String service, int status) {
        Awaitility.await().atMost(Duration.ofSeconds(15))
                .pollInterval(Duration.ofMillis(200))
                .until(() -> get("/" + service + "/x").statusCode() == status);
    }

    protected WebSocket connect(String path, WebSocketMessages received) throws Exception {
        return connecting(path, received).get(10, TimeUnit.SECONDS);
    }

    protected CompletableFuture<WebSocket> connecting(String path, WebSocketMessages received) {
        return client.newWebSocketBuilder()
                .subprotocols("chat.v1", WebSocketInstance.SUBPROTOCOL)
                .header("X-Session", "abc")
                .buildAsync(URI.create("ws://127.0.0.1:" + uri("/").getPort() + path), received);
    }
}
