package dev.servicegov.gateway.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicInteger;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The status page in headless Chromium when the gateway behind it stops answering well: the page itself, served by a
 * stand-in for the gateway that answers its first {@code /services/status} and then 503. (The page with the real
 * gateway: {@link GatewayPoliciesAndStatusIT}.)
 */
class StatusPageGatewayProblemsIT {

    /** One service: a current instance, and one gone since that still holds tries in the window. */
    private static final String REPORT = """
            {"consul": {"state": "reachable", "leader": "10.0.0.2:8300", "since": "2026-12-07T10:00:00Z", "problem": null},
             "recentWindow": 200, "recentHeld": 4, "catalogServices": 3,
             "services": [{"name": "web", "policy": "round-robin", "lastChange": null, "lastAnswer": null, "error": null,
               "instances": [{"id": "web-a", "host": "10.0.0.7", "port": 8080, "metadata": {}, "putAside": false,
                              "inFlight": 0, "recentRequests": 1}],
               "recentSpread": {"web-a": 1, "web-gone": 3}}]}
            """;

    private final AtomicInteger statusAnswers = new AtomicInteger();
    private HttpServer gateway;

    @BeforeEach
    void startTheStandIn() throws IOException {
        gateway = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        gateway.createContext("/", exchange -> {
            try (InputStream page = getClass().getResourceAsStream("/status-page/index.html")) {
                answer(exchange, 200, "text/html", page.readAllBytes());
            }
        });
        gateway.createContext("/services/status", exchange -> {
            if (statusAnswers.getAndIncrement() == 0) {
                answer(exchange, 200, "application/json", REPORT.getBytes(StandardCharsets.UTF_8));
            } else {
                answer(exchange, 503, "application/json",
                        "{\"error\": \"shutting down\"}".getBytes(StandardCharsets.UTF_8));
            }
        });
        gateway.start();
    }

    @AfterEach
    void stopTheStandIn() {
        gateway.stop(0);
    }

    @Test
    void aFailingAnswerIsShownInRedAndTheLastFiguresAsStale_SharesCountTriesAtInstancesGoneSince() throws Exception {
        HeadlessChromium chromium = HeadlessChromium.findOrSkip();

        String dom = chromium.dumpDom("http://127.0.0.1:" + gateway.getAddress().getPort() + "/", 5000);

        assertThat(statusAnswers).as("the page asked again after its first answer").hasValueGreaterThan(1);
        assertThat(dom).as(dom).contains("<span id=\"consul\" class=\"bad\">the gateway answered 503")
                .contains("<div id=\"services\" class=\"stale\">", "the figures below are from its last answer, at ");
        String gone = dom.substring(dom.indexOf("data-instance=\"web-gone\""));
        assertThat(gone.substring(0, gone.indexOf("</tr>"))).as(dom).contains("gone", "3 (75%)");
        assertThat(dom).as("the services not watched are said, not hidden").contains(
                "Shown: 1 of the 3 services in Consul's catalog, those the gateway watches");
        String current = dom.substring(dom.indexOf("data-instance=\"web-a\""));
        assertThat(current.substring(0, current.indexOf("</tr>"))).as(dom).contains("1 (25%)");
    }

    private static void answer(HttpExchange exchange, int status, String type, byte[] body) throws IOException {
        exchange.getResponseHeaders().set("Content-Type", type);
        exchange.sendResponseHeaders(status, body.length);
        try (var out = exchange.getResponseBody()) {
            out.write(body);
        }
    }
}
