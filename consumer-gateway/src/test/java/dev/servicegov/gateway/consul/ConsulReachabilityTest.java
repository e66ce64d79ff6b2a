package dev.servicegov.gateway.consul;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.web.reactive.function.client.WebClient;

/**
 * The reachability probe asks at once when a watch's query fails, so an outage shorter than the probe interval
 * (a Consul agent restarted within a second or two) still counts as one, and the recovery grace applies after it.
 * A fake Consul on loopback: its leader endpoint and its health endpoint fail on demand.
 */
class ConsulReachabilityTest {

    private final AtomicBoolean down = new AtomicBoolean();
    private final AtomicInteger leaderQuestions = new AtomicInteger();
    /** How long the fake Consul takes to answer a leader question. */
    private final AtomicInteger leaderAnswerMillis = new AtomicInteger();
    private HttpServer fakeConsul;
    private ConsulReachability reachability;

    @BeforeEach
    void start() throws IOException {
        fakeConsul = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        fakeConsul.createContext("/v1/status/leader", exchange -> {
            leaderQuestions.incrementAndGet();
            try {
                Thread.sleep(leaderAnswerMillis.get());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            answer(exchange, down.get() ? 500 : 200, "\"10.0.0.11:8300\"");
        });
        fakeConsul.createContext("/v1/health/service/", exchange -> answer(exchange, down.get() ? 500 : 200, "[]"));
        fakeConsul.start();
    }

    @AfterEach
    void stop() {
        if (reachability != null) {
            reachability.stop();
        }
        fakeConsul.stop(0);
    }

    @Test
    void aFailedWatchQueryAsksAtOnceInsteadOfAtTheNextInterval() {
        ConsulClient consul = startReachability();
        assertThat(reachability.state()).isEqualTo(ConsulReachability.State.REACHABLE);

        down.set(true);
        assertThatThrownBy(() -> consul.passingInstances("web", 0, Duration.ofSeconds(1)).block());

        await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> assertThat(reachability.state())
                .as("asked again within seconds, not after the hour-long interval")
                .isEqualTo(ConsulReachability.State.UNREACHABLE));
        assertThat(leaderQuestions).hasValue(2);
    }

    @Test
    void aBurstOfFailedQueriesAsksOnce() throws InterruptedException {
        startReachability();

        Thread.sleep(300);
        // the question the first failure asks is still unanswered when the others come, however the threads run
        leaderAnswerMillis.set(300);
        for (int i = 0; i < 20; i++) {
            reachability.probeSoon();
        }
        await().atMost(Duration.ofSeconds(5)).until(() -> leaderQuestions.get() == 2);
        Thread.sleep(200);
        assertThat(leaderQuestions).as("questions to Consul for 20 failed queries in a burst").hasValue(2);
    }

    /** The first question also sets the HTTP client up, which on a busy host outlasts the timeout: no outage at start. */
    @Test
    void aFirstAnswerSlowerThanTheTimeoutIsNoOutage() {
        leaderAnswerMillis.set(1500);
        startReachability();

        await().atMost(Duration.ofSeconds(5)).until(() -> !reachability.leader().isEmpty());
        assertThat(reachability.state()).isEqualTo(ConsulReachability.State.REACHABLE);
        assertThat(reachability.problem()).isNull();
    }

    @Test
    void aLaterAnswerSlowerThanTheTimeoutIsAnOutage() {
        startReachability();
        await().atMost(Duration.ofSeconds(5)).until(() -> !reachability.leader().isEmpty());

        leaderAnswerMillis.set(1500);
        reachability.probeSoon();

        await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> assertThat(reachability.state())
                .isEqualTo(ConsulReachability.State.UNREACHABLE));
        assertThat(reachability.problem()).contains("Timeout");
    }

    /** A client of the fake Consul, and a reachability probe on it that asks once an hour, after its first question. */
    private ConsulClient startReachability() {
        ConsulClient consul = new ConsulClient(WebClient.create(), JsonMapper.builder().build(),
                "http://127.0.0.1:" + fakeConsul.getAddress().getPort(), "", null);
        reachability = new ConsulReachability(consul, Duration.ofHours(1), Duration.ofSeconds(1), () -> { });
        reachability.start();
        await().atMost(Duration.ofSeconds(5)).until(() -> leaderQuestions.get() == 1);
        return consul;
    }

    private static void answer(HttpExchange exchange, int status, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        exchange.sendResponseHeaders(status, bytes.length);
        exchange.getResponseBody().write(bytes);
        exchange.close();
    }
}
