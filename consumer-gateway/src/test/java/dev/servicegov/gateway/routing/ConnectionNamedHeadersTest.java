package dev.servicegov.gateway.routing;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

import org.junit.jupiter.api.Test;
import org.springframework.util.unit.DataSize;

/**
 * Headers an instance's answer names in its {@code Connection} header are for the hop to the gateway alone
 * (RFC 9110, 7.6.1): they do not reach the caller; the answer's other headers do.
 */
class ConnectionNamedHeadersTest {

    @Test
    void headersTheAnswersConnectionNamesStayWithTheGateway() throws Exception {
        String answer = "HTTP/1.1 200 OK\r\nConnection: X-Internal-Trace, close\r\nX-Internal-Trace: span-7\r\n"
                + "X-Kept: yes\r\nContent-Length: 2\r\n\r\nok";
        try (ProxyOnJetty gateway = new ProxyOnJetty("trace", InstanceServer.writingRaw(answer), DataSize.ofKilobytes(64),
                Duration.ofSeconds(5), null)) {
            String received = get(gateway.port());

            String head = received.substring(0, received.indexOf("\r\n\r\n"));
            assertThat(head).startsWith("HTTP/1.1 200").contains("X-Kept: yes").doesNotContain("X-Internal-Trace");
            assertThat(received).endsWith("ok");
        }
    }

    private static String get(int port) throws Exception {
        try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), port)) {
            socket.setSoTimeout(10_000);
            OutputStream out = socket.getOutputStream();
            out.write("GET /trace/x HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n"
                    .getBytes(StandardCharsets.ISO_8859_1));
            out.flush();
            return new String(socket.getInputStream().readAllBytes(), StandardCharsets.ISO_8859_1);
        }
    }
}
