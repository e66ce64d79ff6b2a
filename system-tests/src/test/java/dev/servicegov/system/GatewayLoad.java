package dev.servicegov.system;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A steady loop of GETs against one URL on loopback, in the background: one request at a time, a pause
 * between them, bounded in time, stopping by itself. Counts what answered 200 and what did not.
 */
final class GatewayLoad implements AutoCloseable {

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private final AtomicBoolean running = new AtomicBoolean(true);
    private final AtomicInteger successes = new AtomicInteger();
    private final List<String> failures = new CopyOnWriteArrayList<>();
    private final Thread loop;
    private final long startedAt = System.nanoTime();

    private GatewayLoad(String url, Duration pause, Duration limit) {
        long deadline = System.nanoTime() + limit.toNanos();
        this.loop = new Thread(() -> {
            while (running.get() && System.nanoTime() < deadline) {
                call(url);
                sleep(pause);
            }
        }, "gateway-load");
        loop.setDaemon(true);
        loop.start();
    }

    /** GETs of service-web's {@code /whoami} through the stack's gateway. */
    static GatewayLoad onWhoami(ComposeStack stack, Duration pause, Duration limit) {
        return new GatewayLoad(stack.gatewayUrl("/service-web/whoami"), pause, limit);
    }

    /** Waits until this many requests were served: the load is under way before the fault. */
    void awaitServed(int requests) {
        await("the load under way").atMost(Duration.ofSeconds(10)).until(() -> successes.get() >= requests);
    }

    /** Stops the load; no request may have failed {@code during} the fault, more than {@code moreThan} were served. */
    void stopAndAssertNoneFailed(String during, int moreThan) throws InterruptedException {
        close();
        assertThat(failures()).as("gateway requests that failed " + during).isEmpty();
        assertThat(successes()).as("gateway requests served " + during).isGreaterThan(moreThan);
    }

    int successes() {
        return successes.get();
    }

    /** One line per failed request: when it was sent (ms after the start), its status and body, or the exception. */
    List<String> failures() {
        return List.copyOf(failures);
    }

    private void call(String url) {
        try {
            HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(url))
                    .timeout(Duration.ofSeconds(5)).build(), HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() == 200) {
                successes.incrementAndGet();
            } else {
                failures.add(at() + response.statusCode() + " " + response.body());
            }
        } catch (Exception e) {
            failures.add(at() + e);
        }
    }

    private String at() {
        return "at +" + (System.nanoTime() - startedAt) / 1_000_000 + " ms: ";
    }

    private static void sleep(Duration pause) {
        try {
            Thread.sleep(pause.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() throws InterruptedException {
        running.set(false);
        loop.join(10_000);
    }
}
