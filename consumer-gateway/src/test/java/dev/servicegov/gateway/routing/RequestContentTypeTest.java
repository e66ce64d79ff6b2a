package dev.servicegov.gateway.routing;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;

import com.sun.net.httpserver.HttpExchange;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.util.unit.DataSize;

/** A request's body reaches the instance with the caller's {@code Content-Type}, or none: the gateway adds none. */
class RequestContentTypeTest {

    private ProxyOnJetty gateway;

    @BeforeEach
    void start() throws Exception {
        gateway = new ProxyOnJetty("upload", RequestContentTypeTest::echoContentType, DataSize.ofMegabytes(1));
    }

    @AfterEach
    void stop() throws Exception {
        gateway.close();
    }

    @Test
    void aBodyWithoutContentTypeGetsNone() throws Exception {
        assertThat(put(HttpRequest.newBuilder()).body()).isEqualTo("none");
    }

    @Test
    void aBodysOwnContentTypeGoesOnUnchanged() throws Exception {
        assertThat(put(HttpRequest.newBuilder().header("Content-Type", "application/json; charset=utf-8")).body())
                .isEqualTo("application/json; charset=utf-8");
    }

    private HttpResponse<String> put(HttpRequest.Builder request) throws Exception {
        return HttpClient.newHttpClient().send(
                request.uri(URI.create("http://127.0.0.1:" + gateway.port() + "/upload/doc"))
                        .PUT(HttpRequest.BodyPublishers.ofString("{}")).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    /** The instance: answers the request's Content-Type, {@code none} without one. */
    private static void echoContentType(HttpExchange exchange) throws IOException {
        exchange.getRequestBody().readAllBytes();
        String contentType = exchange.getRequestHeaders().getFirst("Content-Type");
        byte[] body = (contentType == null ? "none" : contentType).getBytes(StandardCharsets.UTF_8);
        exchange.sendResponseHeaders(200, body.length);
        exchange.getResponseBody().write(body);
        exchange.close();
    }
}
