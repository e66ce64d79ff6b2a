package dev.servicegov.gateway.routing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.springframework.util.unit.DataSize;

/** A query as browsers send it reaches the instance, though {@code java.net.URI} refuses some of its characters. */
class QueryEncodingTest {

    static Stream<Arguments> queries() {
        return Stream.of(
                Arguments.of("a=1&b=two", "a=1&b=two"),
                Arguments.of("ids=1|2", "ids=1%7C2"),
                Arguments.of("f={\"a\":1}", "f=%7B%22a%22:1%7D"),
                Arguments.of("off=50%", "off=50%25"),
                Arguments.of("x=%zz&y=%4", "x=%25zz&y=%254"),
                Arguments.of("q=caf%C3%A9", "q=caf%C3%A9"),
                Arguments.of("p=<b>^`\\ x", "p=%3Cb%3E%5E%60%5C%20x"),
                Arguments.of("a=[1],b=(2);c=$@!~*'", "a=[1],b=(2);c=$@!~*'"));
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @MethodSource("queries")
    void whatJavaNetUriRefusesIsPercentEncodedAndTheRestKept(String query, String forUri) {
        assertThat(QueryEncoding.forUri(query)).isEqualTo(forUri);
        assertThatCode(() -> URI.create("http://127.0.0.1:8080/x?" + forUri)).doesNotThrowAnyException();
    }

    @Test
    void noQueryStaysNone() {
        assertThat(QueryEncoding.forUri(null)).isNull();
    }

    @Test
    void aRequestWhoseQueryJavaNetUriRefusesIsForwarded() throws Exception {
        AtomicReference<String> received = new AtomicReference<>();
        try (ProxyOnJetty gateway = new ProxyOnJetty("items", exchange -> {
            received.set(exchange.getRequestURI().getRawQuery());
            exchange.sendResponseHeaders(204, -1);
            exchange.close();
        }, DataSize.ofKilobytes(64))) {
            String answer = get(gateway.port(), "/items/list?ids=1|2&f={\"a\":1}&off=50%");

            assertThat(answer).startsWith("HTTP/1.1 204");
            assertThat(received.get()).isEqualTo("ids=1%7C2&f=%7B%22a%22:1%7D&off=50%25");
        }
    }

    private static String get(int port, String target) throws Exception {
        try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), port)) {
            socket.setSoTimeout(10_000);
            OutputStream out = socket.getOutputStream();
            out.write(("GET " + target + " HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n")
                    .getBytes(StandardCharsets.ISO_8859_1));
            out.flush();
            return new String(socket.getInputStream().readAllBytes(), StandardCharsets.ISO_8859_1);
        }
    }
}
