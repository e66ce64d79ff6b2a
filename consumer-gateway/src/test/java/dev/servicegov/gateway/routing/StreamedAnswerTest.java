package dev.servicegov.gateway.routing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import com.sun.net.httpserver.HttpExchange;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.util.unit.DataSize;

/**
 * The response timeout (500 ms here) bounds how long an instance takes to begin its answer and how long it stays
 * silent in the middle of it, not how long the answer lasts: a stream of Server-Sent Events, or a download, that keeps
 * coming for longer reaches the client whole, each part as it is sent.
 */
class StreamedAnswerTest {

    private static final int EVENTS = 8;

    private ProxyOnJetty gateway;
    private volatile long lastEventSentNanos;

    @BeforeEach
    void start() throws Exception {
        gateway = new ProxyOnJetty("feed", this::answer, DataSize.ofMegabytes(1), Duration.ofMillis(500), null);
    }

    @AfterEach
    void stop() throws Exception {
        gateway.close();
    }

    @Test
    void eventsComingForLongerThanTheResponseTimeoutArriveAllAndEachAsItIsSent() throws Exception {
        List<String> events = new ArrayList<>();
        long firstArrivedNanos;
        HttpResponse<Stream<String>> answer = send("/feed/events", HttpResponse.BodyHandlers.ofLines());
        try (Stream<String> lines = answer.body()) {
            var data = lines.filter(line -> line.startsWith("data:")).iterator();
            events.add(data.next());
            firstArrivedNanos = System.nanoTime();
            data.forEachRemaining(events::add);
        }

        assertThat(answer.statusCode()).isEqualTo(200);
        assertThat(events).as("events").hasSize(EVENTS).first().isEqualTo("data: 0");
        assertThat(firstArrivedNanos).as("the first event arrived before the last was sent, not buffered")
                .isLessThan(lastEventSentNanos);
        // the try is counted once it has ended, which may come a moment after the client has read the last byte
        await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> assertThat(
                gateway.meters.find("gateway.upstream.requests").tags("outcome", "2xx").timers())
                .singleElement().satisfies(tries -> assertThat(tries.count()).isEqualTo(1)));
        assertThat(gateway.meters.find("gateway.upstream.errors").counters()).as("upstream errors").isEmpty();
    }

    @Test
    void anInstanceSilentMidAnswerForLongerThanTheResponseTimeoutIsCutOff() throws Exception {
        HttpResponse<Stream<String>> answer = send("/feed/stalls", HttpResponse.BodyHandlers.ofLines());

        assertThat(answer.statusCode()).as("the answer had begun").isEqualTo(200);
        assertThatThrownBy(() -> answer.body().count()).as("an answer cut short, not ended")
                .isInstanceOf(UncheckedIOException.class);
        await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> assertThat(
                gateway.meters.find("gateway.upstream.requests").tags("outcome", "timeout").timers())
                .singleElement().satisfies(tries -> assertThat(tries.count()).isEqualTo(1)));
    }

    @Test
    void anInstanceThatDoesNotBeginItsAnswerWithinTheResponseTimeoutIsAnswered504() throws Exception {
        long started = System.nanoTime();
        HttpResponse<String> answer = send("/feed/late", HttpResponse.BodyHandlers.ofString());

        assertThat(answer.statusCode()).isEqualTo(504);
        assertThat(answer.body()).contains("\"status\":504", "\"service\":\"feed\"");
        assertThat(Duration.ofNanos(System.nanoTime() - started)).as("not the instance's 3 s")
                .isLessThan(Duration.ofMillis(2_500));
    }

    private <T> HttpResponse<T> send(String path, HttpResponse.BodyHandler<T> body) throws Exception {
        return HttpClient.newHttpClient().send(
                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + gateway.port() + path)).build(), body);
    }

    /**
     * The instance. {@code /events}: an event every 200 ms, 1.6 s in all. {@code /stalls}: an event, then silence for
     * 3 s. {@code /late}: its answer after 3 s.
     */
    private void answer(HttpExchange exchange) throws IOException {
        String path = exchange.getRequestURI().getPath();
        try (exchange) {
            if (path.equals("/late")) {
                pause(3_000);
            }
            exchange.getResponseHeaders().add("Content-Type", "text/event-stream");
            exchange.sendResponseHeaders(200, 0);
            OutputStream body = exchange.getResponseBody();
            for (int i = 0; i < (path.equals("/events") ? EVENTS : 1); i++) {
                if (i > 0) {
                    pause(200);
                }
                body.write(("data: " + i + "\n\n").getBytes(StandardCharsets.UTF_8));
                body.flush();
                lastEventSentNanos = System.nanoTime();
            }
            if (path.equals("/stalls")) {
                pause(3_000);
            }
        } catch (IOException dropped) {
            // the gateway gave up on the answer
        }
    }

    private static void pause(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
