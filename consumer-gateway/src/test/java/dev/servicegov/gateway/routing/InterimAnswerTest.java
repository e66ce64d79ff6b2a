package dev.servicegov.gateway.routing;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.util.unit.DataSize;

/**
 * An instance's interim answers (102 Processing, 103 Early Hints) reach the caller ahead of its final answer, as a
 * proxy passes them on: a browser starts loading what the early hints name while the page is still being made.
 * The caller's side is read as raw bytes, since the JDK's HTTP client hides interim answers.
 */
class InterimAnswerTest {

    private static final String FINAL_ANSWER = "HTTP/1.1 200 OK\r\nContent-Length: 4\r\nConnection: close\r\n\r\npage";

    private ProxyOnJetty gateway;

    @AfterEach
    void stop() throws Exception {
        gateway.close();
    }

    @Test
    void earlyHintsReachTheCallerBeforeTheFinalAnswer() throws Exception {
        gateway = gatewayTo(InstanceServer.writingRaw(
                "HTTP/1.1 103 Early Hints\r\nLink: </style.css>; rel=preload; as=style\r\n\r\n" + FINAL_ANSWER));

        String received = get("/site/index", "HTTP/1.1");

        assertThat(received).startsWith("HTTP/1.1 103 Early Hints\r\n");
        assertThat(received.substring(0, received.indexOf("\r\n\r\n")))
                .contains("Link: </style.css>; rel=preload; as=style");
        assertThat(received.substring(received.indexOf("\r\n\r\n") + 4)).startsWith("HTTP/1.1 200 OK\r\n").endsWith("page");
        assertThat(gateway.instanceHits).as("asked once").hasValue(1);
    }

    @Test
    void processingReachesTheCallerBeforeTheFinalAnswer() throws Exception {
        gateway = gatewayTo(InstanceServer.writingRaw("HTTP/1.1 102 Processing\r\n\r\n" + FINAL_ANSWER));

        String received = get("/site/index", "HTTP/1.1");

        assertThat(received).startsWith("HTTP/1.1 102 Processing\r\n");
        assertThat(received.substring(received.indexOf("\r\n\r\n") + 4)).startsWith("HTTP/1.1 200 OK\r\n").endsWith("page");
    }

    @Test
    void anHttp10CallerGetsTheFinalAnswerAlone() throws Exception {
        gateway = gatewayTo(InstanceServer.writingRaw(
                "HTTP/1.1 103 Early Hints\r\nLink: </style.css>; rel=preload\r\n\r\n" + FINAL_ANSWER));

        String received = get("/site/index", "HTTP/1.0");

        assertThat(received).startsWith("HTTP/1.").contains(" 200 OK\r\n").doesNotContain(" 103 ").endsWith("page");
    }

    private static ProxyOnJetty gatewayTo(InstanceServer instance) throws Exception {
        return new ProxyOnJetty("site", instance, DataSize.ofMegabytes(1), Duration.ofSeconds(5), null);
    }

    private String get(String path, String version) throws Exception {
        try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), gateway.port())) {
            socket.setSoTimeout(10_000);
            OutputStream out = socket.getOutputStream();
            out.write(("GET " + path + " " + version + "\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n")
                    .getBytes(StandardCharsets.ISO_8859_1));
            out.flush();
            return new String(socket.getInputStream().readAllBytes(), StandardCharsets.ISO_8859_1);
        }
    }
}
