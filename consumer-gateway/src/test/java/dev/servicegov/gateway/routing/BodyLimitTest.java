package dev.servicegov.gateway.routing;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;

import com.sun.net.httpserver.HttpExchange;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.util.unit.DataSize;

/** A request body larger than {@code gateway.proxy.max-buffered-body} is answered 413 and never reaches an instance. */
class BodyLimitTest {

    private ProxyOnJetty gateway;

    @BeforeEach
    void start() throws Exception {
        gateway = new ProxyOnJetty("upload", BodyLimitTest::countBody, DataSize.ofKilobytes(2));
    }

    @AfterEach
    void stop() throws Exception {
        gateway.close();
    }

    @Test
    void aChunkedBodyGrowingPastTheLimitIsAnswered413Json() throws Exception {
        String answer = sendChunks("/upload/files", 3, 1024);

        assertThat(answer).startsWith("HTTP/1.1 413").containsIgnoringCase("Content-Type: application/json")
                .containsIgnoringCase("Connection: close")
                .contains("\"service\":\"upload\"", "\"status\":413", "gateway.proxy.max-buffered-body (2KB)");
        assertThat(gateway.instanceHits).as("requests that reached the instance").hasValue(0);
        assertThat(gateway.meters.get("gateway.answers").tags("service", "upload", "status", "413").counter().count())
                .as("the gateway's own answers, counted").isEqualTo(1);
    }

    @Test
    void aContentLengthOverTheLimitIsAnswered413BeforeTheBodyIsSent() throws Exception {
        String answer;
        try (Socket client = new Socket(InetAddress.getLoopbackAddress(), gateway.port())) {
            client.getOutputStream().write(("POST /upload/files HTTP/1.1\r\nHost: gateway\r\nContent-Length: 2049\r\n"
                    + "Expect: 100-continue\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            client.setSoTimeout(5000);
            answer = new String(client.getInputStream().readAllBytes(), StandardCharsets.ISO_8859_1);
        }

        assertThat(answer).startsWith("HTTP/1.1 413").doesNotContain("100 Continue")
                .contains("\"service\":\"upload\"", "gateway.proxy.max-buffered-body (2KB)");
        assertThat(gateway.instanceHits).hasValue(0);
    }

    @Test
    void aChunkedBodyUpToTheLimitGoesThrough() throws Exception {
        String answer = sendChunks("/upload/files", 2, 1024);

        assertThat(answer).startsWith("HTTP/1.1 200").endsWith("2048");
        assertThat(gateway.instanceHits).hasValue(1);
    }

    /**
     * Sends {@code count} chunks of {@code size} bytes, ending the body only if it fits the limit of 2 KiB; reads the
     * answer until the gateway closes the connection. Nothing sent is left unread by a gateway that refuses the body,
     * so it closes the connection cleanly, without a reset that could lose the answer.
     */
    private String sendChunks(String path, int count, int size) throws IOException {
        try (Socket client = new Socket(InetAddress.getLoopbackAddress(), gateway.port())) {
            OutputStream out = client.getOutputStream();
            out.write(("POST " + path + " HTTP/1.1\r\nHost: gateway\r\nTransfer-Encoding: chunked\r\n"
                    + "Connection: close\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            for (int i = 0; i < count; i++) {
                out.write((Integer.toHexString(size) + "\r\n").getBytes(StandardCharsets.US_ASCII));
                out.write(new byte[size]);
                out.write("\r\n".getBytes(StandardCharsets.US_ASCII));
            }
            if (count * size <= 2048) {
                out.write("0\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
            }
            out.flush();
            client.setSoTimeout(5000);
            return new String(client.getInputStream().readAllBytes(), StandardCharsets.ISO_8859_1);
        }
    }

    /** The instance: answers how many bytes of body it got. */
    private static void countBody(HttpExchange exchange) throws IOException {
        byte[] length = String.valueOf(exchange.getRequestBody().readAllBytes().length)
                .getBytes(StandardCharsets.US_ASCII);
        exchange.sendResponseHeaders(200, length.length);
        exchange.getResponseBody().write(length);
        exchange.close();
    }
}
