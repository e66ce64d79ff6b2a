package dev.servicegov.gateway.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * Paths as clients write them, sent on a socket of their own so that no client library rewrites them: what reaches
 * the instance, and the JSON answer to a request the gateway's HTTP server refuses before routing it. Setup in
 * {@link GatewayITBase}.
 */
class GatewayRequestPathsIT extends GatewayITBase {

    @BeforeAll
    void startAnEchoingService() throws Exception {
        startPassing("paths", 1);
        awaitRoutable("paths");
    }

    /** Jetty's default refused all three with a 400 HTML page as "ambiguous"; nginx passes them on as they are. */
    @Test
    void anEncodedSlashAnEncodedPercentAndAnEmptySegmentReachTheInstanceAsSent() throws Exception {
        assertThat(echoedPath("/paths/echo/projects/group%2Fproject/files/100%25"))
                .isEqualTo("/echo/projects/group%2Fproject/files/100%25");
        assertThat(echoedPath("/paths/echo//twice")).isEqualTo("/echo//twice");
    }

    @Test
    void dotSegmentsAreResolvedBeforeTheServiceIsRead() throws Exception {
        assertThat(echoedPath("/elsewhere/../paths/echo/a/./b")).isEqualTo("/echo/a/b");
    }

    /** Consul takes a name such as {@code my api}; a client writes it {@code my%20api} in a path. */
    @Test
    void aServiceWhoseNameIsNoPathSegmentAsItStandsIsRoutedByItsEncodedForm() throws Exception {
        startPassing("my api", 1);
        String request = "GET /my%20api/echo/x%2Fy HTTP/1.1\r\nHost: gateway\r\nConnection: close\r\n\r\n";
        await().atMost(Duration.ofSeconds(15)).pollInterval(Duration.ofMillis(200))
                .untilAsserted(() -> assertThat(sendRaw(request, 0)).startsWith("HTTP/1.1 200"));

        JsonNode echo = bodyOf(sendRaw(request, 0));
        assertThat(echo.get("path").asString()).isEqualTo("/echo/x%2Fy");
        assertThat(echo.get("headers").get("x-forwarded-prefix").asString()).as("the prefix as the client wrote it")
                .isEqualTo("/my%20api");
    }

    @Test
    void aMalformedRequestIsAnswered400JsonWhateverItsMethod() throws Exception {
        JsonNode badEncoding = refused("GET /paths/a%zzb HTTP/1.1\r\nHost: gateway\r\nConnection: close\r\n\r\n", 400);
        assertThat(badEncoding.get("hint").asString()).contains("percent-encoding");
        assertThat(badEncoding.get("service").isNull()).as("no service read from an unreadable request line").isTrue();

        JsonNode encodedDots = refused("DELETE /paths/%2e%2e/x HTTP/1.1\r\nHost: gateway\r\nConnection: close\r\n\r\n", 400);
        assertThat(encodedDots.get("service").asString()).isEqualTo("paths");
        assertThat(encodedDots.get("hint").asString()).contains("Ambiguous URI path segment");
    }

    @Test
    void headersPastTheLimitAreAnswered431JsonNamingTheSetting() throws Exception {
        JsonNode tooLarge = refused("GET /paths/whoami HTTP/1.1\r\nHost: gateway\r\nX-Large: " + "a".repeat(20_000)
                + "\r\nConnection: close\r\n\r\n", 431);
        assertThat(tooLarge.get("hint").asString()).contains("server.max-http-request-header-size");
    }

    private String echoedPath(String path) throws Exception {
        String answer = sendRaw("GET " + path + " HTTP/1.1\r\nHost: gateway\r\nConnection: close\r\n\r\n", 0);
        assertThat(answer).as(path).startsWith("HTTP/1.1 200");
        return bodyOf(answer).get("path").asString();
    }

    private JsonNode refused(String head, int status) throws Exception {
        String answer = sendRaw(head, 0);
        assertThat(answer).startsWith("HTTP/1.1 " + status).containsIgnoringCase("Content-Type: application/json")
                .doesNotContain("<html", "Exception");
        JsonNode body = bodyOf(answer);
        assertThat(body.get("status").asInt()).isEqualTo(status);
        assertThat(body.get("error").asString()).isNotBlank();
        return body;
    }
}
