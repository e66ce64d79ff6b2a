package dev.servicegov.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.test.web.server.LocalServerPort;

import com.jayway.jsonpath.JsonPath;

@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = "web.instance-id=web-under-test")
@ExtendWith(OutputCaptureExtension.class)
class WhoamiEndpointTest {

    @LocalServerPort
    int port;

    private final HttpClient http = HttpClient.newHttpClient();

    private HttpResponse<String> get(String path) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void whoamiSaysWhichInstanceAnswered() throws Exception {
        var response = get("/whoami");
        assertThat(response.statusCode()).isEqualTo(200);
        String body = response.body();
        assertThat((String) JsonPath.read(body, "$.service")).isEqualTo("service-web");
        assertThat((String) JsonPath.read(body, "$.instanceId")).isEqualTo("web-under-test");
        assertThat((Integer) JsonPath.read(body, "$.port")).isEqualTo(port);
        assertThat((String) JsonPath.read(body, "$.ip")).matches("\\d+\\.\\d+\\.\\d+\\.\\d+");
        assertThat((String) JsonPath.read(body, "$.hostname")).isNotBlank();
    }

    @Test
    void rootAnswersTheSameAndCountsRequests() throws Exception {
        long first = ((Number) JsonPath.read(get("/").body(), "$.requestsServed")).longValue();
        long second = ((Number) JsonPath.read(get("/").body(), "$.requestsServed")).longValue();
        assertThat(second).isGreaterThan(first);
    }

    @Test
    void healthAndPrometheusAreExposed() throws Exception {
        assertThat(get("/actuator/health").body()).contains("\"status\":\"UP\"");
        assertThat(get("/actuator/health/readiness").statusCode()).isEqualTo(200);
        assertThat(get("/actuator/prometheus").body()).contains("http_server_requests");
    }

    /** Callers choose their methods: a wrong one is their 405, not a WARN line in this service's log per request. */
    @Test
    void aWrongMethodIsAnsweredWithoutAWarningInTheLog(CapturedOutput output) throws Exception {
        var response = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/whoami"))
                .POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).isEqualTo(405);
        assertThat(output).doesNotContain("HttpRequestMethodNotSupportedException");
    }
}
