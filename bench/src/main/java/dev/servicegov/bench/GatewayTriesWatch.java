package dev.servicegov.bench;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/**
 * consumer-gateway's own count of tries at one instance (its Prometheus meter
 * {@code gateway_upstream_requests_seconds_count}, every try, retries included), read every 100 ms: shows the
 * tries a caller never sees because a retry on another instance answered. The instance is named by its
 * container name, part of the Consul service ID the meter is tagged with.
 */
final class GatewayTriesWatch implements AutoCloseable {

    private static final long POLL_MILLIS = 100;

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();
    private final HttpRequest request;
    private final String instanceTag;
    private final Thread poller;
    private volatile double lastCount = -1;
    private volatile long lastChangeNanos;
    private volatile double countAtStart = -1;
    private volatile long startNanos;

    GatewayTriesWatch(int gatewayPort, String containerName) {
        this.request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + gatewayPort + "/actuator/prometheus"))
                .timeout(Duration.ofSeconds(2)).build();
        this.instanceTag = ":" + containerName + ":";
        this.poller = new Thread(this::pollUntilClosed, "gateway-tries-watch");
        poller.setDaemon(true);
        poller.start();
    }

    /** Counting starts now, from the last count read (at most one poll old: tries just before may be counted). */
    void start() {
        startNanos = System.nanoTime();
        lastChangeNanos = startNanos;
        countAtStart = lastCount;
    }

    private void pollUntilClosed() {
        while (!Thread.currentThread().isInterrupted()) {
            double count = read();
            if (count >= 0) {
                if (countAtStart >= 0 && lastCount >= 0 && count != lastCount) {
                    lastChangeNanos = System.nanoTime();
                }
                lastCount = count;
            }
            try {
                Thread.sleep(POLL_MILLIS);
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    private double read() {
        try {
            double sum = 0;
            for (String line : http.send(request, HttpResponse.BodyHandlers.ofString()).body().split("\n")) {
                if (line.startsWith("gateway_upstream_requests_seconds_count{") && line.contains(instanceTag)) {
                    sum += Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
                }
            }
            return sum;
        } catch (java.io.IOException | RuntimeException e) {
            return -1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return -1;
        }
    }

    /** Tries at the instance since {@link #start()} (-1 when the meter could not be read). */
    int triesSince() {
        return countAtStart < 0 || lastCount < 0 ? -1 : (int) (lastCount - countAtStart);
    }

    /** Milliseconds from {@link #start()} to the last poll that saw the count grow (0 when it never grew). */
    double lastTryMs() {
        return (lastChangeNanos - startNanos) / 1e6;
    }

    @Override
    public void close() {
        poller.interrupt();
    }
}
