package dev.servicegov.bench;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import com.jayway.jsonpath.JsonPath;

/**
 * A steady request loop against one URL answering service-web's {@code /whoami}: one request every interval
 * whatever the earlier ones are doing (open loop, so a hanging request does not slow the loop down), each
 * outcome recorded with the instance that served it (the {@code ip} of the answer).
 */
final class SteadyLoad implements AutoCloseable {

    /** One request: when it was sent and answered (System.nanoTime), whether it got a 200, and which instance sent it. */
    record Outcome(long sentNanos, long doneNanos, boolean ok, String servedIp) {
    }

    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(2)).build();
    private final HttpRequest request;
    private final Queue<Outcome> outcomes = new ConcurrentLinkedQueue<>();
    // a daemon, so a benchmark that fails while a load runs still ends
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(runnable -> {
        Thread thread = new Thread(runnable, "steady-load");
        thread.setDaemon(true);
        return thread;
    });

    SteadyLoad(String url, Duration interval, Duration requestTimeout) {
        this.request = HttpRequest.newBuilder(URI.create(url)).timeout(requestTimeout).build();
        timer.scheduleAtFixedRate(this::send, 0, interval.toNanos(), TimeUnit.NANOSECONDS);
    }

    private void send() {
        long sent = System.nanoTime();
        http.sendAsync(request, HttpResponse.BodyHandlers.ofString()).whenComplete((response, failure) -> {
            boolean ok = failure == null && response.statusCode() == 200;
            outcomes.add(new Outcome(sent, System.nanoTime(), ok, ok ? servedIp(response.body()) : null));
        });
    }

    /** The outcomes so far (requests still in flight are not among them). */
    List<Outcome> outcomes() {
        return new ArrayList<>(outcomes);
    }

    @Override
    public void close() {
        timer.shutdownNow();
    }

    static String servedIp(String whoamiJson) {
        try {
            return JsonPath.read(whoamiJson, "$.ip");
        } catch (RuntimeException notWhoami) {
            return null;
        }
    }
}
