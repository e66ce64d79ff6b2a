package dev.servicegov.bench;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

import com.github.dockerjava.api.command.InspectContainerResponse;
import com.github.dockerjava.api.model.HostConfig;

/**
 * App ready → first request served through the gateway: a new service-web container (the image the stack's
 * instances run, by id, and their labels, on the stack's network) is started; the time runs from its readiness endpoint first answering UP (polled on
 * its address on the stack's network, reachable from the host on Linux) to the first request through the
 * gateway that it answers (the gateway is called without pause meanwhile). N runs, one new instance at a time,
 * each removed and gone from Consul before the next. Every wait is bounded.
 */
public final class ReadyToServed {

    private static final String SERVICE = "service-web";

    public static void main(String[] args) throws Exception {
        int runs = Integer.parseInt(System.getProperty("bench.ready-runs", "20"));
        String gateway = "http://127.0.0.1:" + System.getProperty("bench.gateway-port", "18680") + "/" + SERVICE + "/whoami";
        BenchEnvironment env = new BenchEnvironment();
        InspectContainerResponse template = env.docker.inspectContainerCmd(env.composeContainers(SERVICE).get(0).getId()).exec();
        // the compose labels (the image carries them too, from whichever project built it last) are blanked: the new
        // container must not count as a replica of any compose project, or that project's compose would act on it
        Map<String, String> labels = new HashMap<>();
        template.getConfig().getLabels().forEach((key, value) -> labels.put(key, key.startsWith("com.docker.compose.") ? "" : value));
        labels.put("bench-run", env.runId);
        int passingBefore = env.passingInstances(SERVICE);
        List<Double> readyToServedMs = new ArrayList<>();
        int neverServed = 0;
        try {
            for (int run = 0; run < runs; run++) {
                String id = env.docker.createContainerCmd(template.getImageId()).withLabels(labels)
                        .withHostConfig(HostConfig.newHostConfig().withNetworkMode(env.network)).exec().getId();
                env.docker.startContainerCmd(id).exec();
                String ip = env.ipOf(id);
                String readiness = "http://" + ip + ":8080/actuator/health/readiness";
                awaitAnswer(readiness, false, Duration.ofSeconds(120));
                try (FirstServedWatch watch = new FirstServedWatch(gateway, ip)) {
                    long ready = awaitAnswer(readiness, true, Duration.ofSeconds(60));
                    Long served = watch.await(Duration.ofSeconds(30));
                    if (served == null) {
                        neverServed++;
                        System.out.printf("run %2d: not served through the gateway within 30 s of ready%n", run + 1);
                    } else {
                        readyToServedMs.add((served - ready) / 1e6);
                        System.out.printf("run %2d: %.1f ms%n", run + 1, readyToServedMs.get(readyToServedMs.size() - 1));
                    }
                }
                env.docker.removeContainerCmd(id).withForce(true).exec();
                env.awaitPassing(SERVICE, passingBefore, Duration.ofSeconds(30));
            }
        } finally {
            env.removeAllProbes();
        }
        Stats stats = new Stats(readyToServedMs);
        System.out.println(stats.line("ready -> first request served via the gateway", "ms"));
        System.out.printf("never served within 30 s: %d%n", neverServed);
        env.record(List.of(stats.json("ready-to-served", "ready_to_first_served_through_gateway_ms"),
                "{\"benchmark\":\"ready-to-served\",\"runs\":" + runs + ",\"never_served\":" + neverServed + "}"));
    }

    /**
     * Polls the URL every 2 ms until it answers at all ({@code up == false}) or answers 200 with status UP
     * ({@code up == true}); returns System.nanoTime of that answer.
     */
    private static long awaitAnswer(String url, boolean up, Duration limit) throws InterruptedException {
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();
        HttpRequest request = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(2)).build();
        long deadline = System.nanoTime() + limit.toNanos();
        while (System.nanoTime() < deadline) {
            try {
                HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
                if (!up || response.statusCode() == 200 && response.body().contains("\"UP\"")) {
                    return System.nanoTime();
                }
            } catch (java.io.IOException e) {
                // not listening yet
            }
            Thread.sleep(2);
        }
        throw new IllegalStateException(url + (up ? " not UP" : " did not answer") + " within " + limit.toSeconds() + " s");
    }

    /** Calls the gateway in a loop on its own thread until an answer comes from the address; records when. */
    private static final class FirstServedWatch implements AutoCloseable {

        private final AtomicLong servedAt = new AtomicLong();
        private final Thread caller;

        FirstServedWatch(String gateway, String ip) {
            HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(2)).build();
            HttpRequest request = HttpRequest.newBuilder(URI.create(gateway)).timeout(Duration.ofSeconds(5)).build();
            caller = new Thread(() -> {
                while (servedAt.get() == 0 && !Thread.currentThread().isInterrupted()) {
                    try {
                        HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
                        if (response.statusCode() == 200 && ip.equals(SteadyLoad.servedIp(response.body()))) {
                            servedAt.set(System.nanoTime());
                        }
                    } catch (java.io.IOException e) {
                        // keep calling
                    } catch (InterruptedException e) {
                        return;
                    }
                }
            }, "first-served-watch");
            caller.setDaemon(true);
            caller.start();
        }

        /** System.nanoTime of the first answer from the address, or null when none came within the limit. */
        Long await(Duration limit) throws InterruptedException {
            caller.join(limit.toMillis());
            long at = servedAt.get();
            return at == 0 ? null : at;
        }

        @Override
        public void close() {
            caller.interrupt();
        }
    }

    private ReadyToServed() {
    }
}
