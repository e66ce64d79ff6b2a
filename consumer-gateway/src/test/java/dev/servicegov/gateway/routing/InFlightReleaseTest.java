package dev.servicegov.gateway.routing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

import com.sun.net.httpserver.HttpExchange;
import org.junit.jupiter.api.Test;

import org.springframework.util.unit.DataSize;

/** Every try's count in flight, which the least-requests policies go by, ends with the try, however it ends. */
class InFlightReleaseTest {

    /** Long enough for a first answer on a loaded machine (a 300 ms one timed the first {@code /ok} out once). */
    private static final Duration RESPONSE_TIMEOUT = Duration.ofSeconds(1);

    private final HttpClient client = HttpClient.newHttpClient();

    @Test
    void aTryIsNoLongerInFlightOnceAnsweredTimedOutOrRefusedItsBody() throws Exception {
        try (ProxyOnJetty gateway = new ProxyOnJetty("svc", InFlightReleaseTest::answer, DataSize.ofKilobytes(1),
                RESPONSE_TIMEOUT, null)) {
            assertThat(status(gateway, "GET", "/svc/ok")).isEqualTo(200);
            assertReleased(gateway, "after a 200");
            assertThat(status(gateway, "GET", "/svc/unavailable")).isEqualTo(503);
            assertReleased(gateway, "after a 503");
            assertThat(status(gateway, "GET", "/svc/slow")).isEqualTo(504);
            assertReleased(gateway, "after a response timeout");
            assertThat(status(gateway, "POST", "/svc/big")).isEqualTo(413);
            assertReleased(gateway, "after a body too large");
            assertThat(gateway.recent.snapshot()).hasSize(3);
        }
    }

    /** A try ends a moment after its client has the answer: its count is released then, not later. */
    private static void assertReleased(ProxyOnJetty gateway, String after) {
        await().atMost(Duration.ofSeconds(5)).untilAsserted(() ->
                assertThat(gateway.inFlight.of(gateway.instance)).as(after).isZero());
    }

    private int status(ProxyOnJetty gateway, String method, String path) throws Exception {
        HttpRequest.BodyPublisher body = method.equals("POST") ? HttpRequest.BodyPublishers.ofByteArray(new byte[4096])
                : HttpRequest.BodyPublishers.noBody();
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + gateway.port() + path))
                .method(method, body).build();
        return client.send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
    }

    private static void answer(HttpExchange exchange) throws IOException {
        try (exchange) {
            String path = exchange.getRequestURI().getPath();
            if (path.equals("/slow")) {
                Thread.sleep(RESPONSE_TIMEOUT.multipliedBy(3).toMillis());
            }
            exchange.sendResponseHeaders(path.equals("/unavailable") ? 503 : 200, -1);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
