package dev.servicegov.bench;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * Gateway latency at steady request rates below saturation: the same fixed rate through the gateway and straight
 * to one service-web instance, alternating, at each rate. The overhead benchmark's closed loop keeps every core busy,
 * so its latencies are mostly queueing; this one shows what a request pays at a given load.
 *
 * <p>Requests are sent on a fixed schedule whether or not earlier ones have answered (open loop), and each latency
 * runs from the request's scheduled time, so a stall counts against every request it held back.
 */
public final class PacedLatency {

    public static void main(String[] args) throws Exception {
        List<Integer> rates = java.util.Arrays.stream(System.getProperty("bench.rates", "250,500,750,1000").split(","))
                .map(String::trim).map(Integer::parseInt).toList();
        Duration each = Duration.ofSeconds(Long.parseLong(System.getProperty("bench.seconds", "15")));
        Duration warmUp = GatewayOverhead.warmUp();
        BenchEnvironment env = new BenchEnvironment();
        String gateway = GatewayOverhead.gatewayUrl();
        String direct = "http://127.0.0.1:" + GatewayOverhead.publishedPortOf(GatewayOverhead.publishedInstance(env))
                .orElseThrow() + "/whoami";
        GatewayOverhead.awaitFirstAnswer(gateway, Duration.ofSeconds(90));
        // the JIT compiles the gateway under full load first, as in the overhead benchmark
        GatewayOverhead.load(gateway, 16, warmUp);
        GatewayOverhead.load(direct, 16, warmUp.dividedBy(4));
        Target viaGateway = new Target(gateway);
        Target straight = new Target(direct);
        for (int rate : rates) {
            // unrecorded spells at this rate: each client's connections are open and its asynchronous path compiled
            viaGateway.paced(rate, Duration.ofSeconds(3));
            straight.paced(rate, Duration.ofSeconds(3));
            List<Double> g = new ArrayList<>();
            List<Double> d = new ArrayList<>();
            int failed = 0;
            // gateway, direct, direct, gateway: neither side always goes first
            for (Target target : List.of(viaGateway, straight, straight, viaGateway)) {
                Paced spell = target.paced(rate, each.dividedBy(2));
                (target == viaGateway ? g : d).addAll(spell.latenciesMs);
                failed += spell.failures;
            }
            Stats gs = new Stats(g);
            Stats ds = new Stats(d);
            System.out.println(gs.line("through the gateway at " + rate + "/s", "ms"));
            System.out.println(ds.line("straight to one instance at " + rate + "/s", "ms"));
            System.out.printf(Locale.ROOT, "at %d/s: p50 overhead %.2f ms, p99 overhead %.2f ms; failed %d%n", rate,
                    gs.median() - ds.median(), gs.percentile(99) - ds.percentile(99), failed);
            env.record(List.of(gs.json("paced-latency", "gateway_latency_ms_at_" + rate),
                    ds.json("paced-latency", "direct_latency_ms_at_" + rate)));
        }
    }

    /** Latencies from each request's scheduled time, and the requests that failed or did not answer within 10 s. */
    record Paced(List<Double> latenciesMs, int failures) {
    }

    /** One URL and the client that calls it, kept across spells so its connections stay open. */
    private static final class Target {

        private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(2)).build();
        private final HttpRequest request;

        Target(String url) {
            request = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(5)).build();
        }

        Paced paced(int perSecond, Duration duration) throws InterruptedException {
            List<Double> latencies = Collections.synchronizedList(new ArrayList<>());
            List<CompletableFuture<?>> calls = new ArrayList<>();
            long interval = TimeUnit.SECONDS.toNanos(1) / perSecond;
            long count = duration.toNanos() / interval;
            long start = System.nanoTime();
            for (long i = 0; i < count; i++) {
                long scheduled = start + i * interval;
                long wait = scheduled - System.nanoTime();
                if (wait > 0) {
                    LockSupport.parkNanos(wait);
                }
                calls.add(http.sendAsync(request, HttpResponse.BodyHandlers.discarding()).handle((response, error) -> {
                    if (error == null && response.statusCode() == 200) {
                        latencies.add((System.nanoTime() - scheduled) / 1e6);
                    }
                    return null;
                }));
            }
            try {
                CompletableFuture.allOf(calls.toArray(CompletableFuture[]::new)).get(10, TimeUnit.SECONDS);
            } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
                // a call still unanswered after 10 s is counted as failed below
            }
            List<Double> answered = List.copyOf(latencies);
            return new Paced(answered, (int) (count - answered.size()));
        }
    }

    private PacedLatency() {
    }
}
