package dev.servicegov.gateway.routing;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

import com.sun.net.httpserver.HttpExchange;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.util.unit.DataSize;

/**
 * An instance may take as long as its response timeout says, even past the idle timeouts of the gateway's HTTP client
 * and server (Jetty's 30 s; shortened to 300 ms here so that the test takes a second): a service given 60 s for its
 * reports gets them, not a 504 after 30 s and the same report asked of two more instances.
 */
class SlowAnswerTest {

    private ProxyOnJetty gateway;

    @BeforeEach
    void start() throws Exception {
        gateway = new ProxyOnJetty("reports", SlowAnswerTest::afterASecond, DataSize.ofMegabytes(1), Duration.ofSeconds(5),
                Duration.ofMillis(300));
    }

    @AfterEach
    void stop() throws Exception {
        gateway.close();
    }

    @Test
    void anAnswerSilentForLongerThanTheClientsIdleTimeoutButWithinTheResponseTimeoutIsPassedOn() throws Exception {
        HttpResponse<String> answer = HttpClient.newHttpClient().send(
                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + gateway.port() + "/reports/monthly")).build(),
                HttpResponse.BodyHandlers.ofString());

        assertThat(answer.statusCode()).isEqualTo(200);
        assertThat(answer.body()).isEqualTo("report");
        assertThat(gateway.instanceHits).as("asked once").hasValue(1);
    }

    private static void afterASecond(HttpExchange exchange) throws java.io.IOException {
        try {
            Thread.sleep(1_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        byte[] body = "report".getBytes(StandardCharsets.UTF_8);
        exchange.sendResponseHeaders(200, body.length);
        exchange.getResponseBody().write(body);
        exchange.close();
    }
}
