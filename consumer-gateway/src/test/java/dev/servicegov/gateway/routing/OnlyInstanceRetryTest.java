package dev.servicegov.gateway.routing;

import static org.assertj.core.api.Assertions.assertThat;

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

/**
 * A retry goes to an instance the request has not tried, or nowhere: the 503 of a service's only instance is passed
 * on as it came, after one try, instead of being asked of the same instance twice more.
 */
class OnlyInstanceRetryTest {

    private ProxyOnJetty gateway;

    @BeforeEach
    void start() throws Exception {
        gateway = new ProxyOnJetty("lone", OnlyInstanceRetryTest::overloaded, DataSize.ofMegabytes(1));
    }

    @AfterEach
    void stop() throws Exception {
        gateway.close();
    }

    @Test
    void aGetAnswered503ByTheOnlyInstanceIsPassedOnAfterOneTry() throws Exception {
        HttpResponse<String> answer = HttpClient.newHttpClient().send(
                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + gateway.port() + "/lone/work")).build(),
                HttpResponse.BodyHandlers.ofString());

        assertThat(answer.statusCode()).isEqualTo(503);
        assertThat(answer.body()).as("the instance's own answer").isEqualTo("busy, try later");
        assertThat(answer.headers().firstValue("Retry-After")).contains("2");
        assertThat(gateway.instanceHits).as("tries at the only instance").hasValue(1);
        assertThat(gateway.meters.find("gateway.upstream.retries").counter()).as("retries counted").isNull();
    }

    private static void overloaded(HttpExchange exchange) throws java.io.IOException {
        byte[] body = "busy, try later".getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Retry-After", "2");
        exchange.sendResponseHeaders(503, body.length);
        exchange.getResponseBody().write(body);
        exchange.close();
    }
}
