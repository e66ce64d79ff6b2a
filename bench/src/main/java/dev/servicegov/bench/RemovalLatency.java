package dev.servicegov.bench;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

import com.github.dockerjava.api.model.Container;

/**
 * Removal latency, side by side: under a steady request loop through two consumers at once (consumer-gateway
 * as configured, and the baseline gateway with Spring Cloud's default discovery and LoadBalancer settings),
 * one of the three service-web instances is stopped ({@code docker stop}) or killed ({@code docker kill}).
 * Per consumer: when the last request went to it, and how many requests failed. The victim is started again,
 * and every consumer serves from all three instances again, before the next run. Every wait is bounded.
 */
public final class RemovalLatency {

    private static final String SERVICE = "service-web";

    public static void main(String[] args) throws Exception {
        int runs = Integer.parseInt(System.getProperty("bench.removal-runs", "3"));
        Duration window = Duration.ofSeconds(Long.parseLong(System.getProperty("bench.removal-window-seconds", "45")));
        Duration interval = Duration.ofMillis(Long.parseLong(System.getProperty("bench.removal-interval-ms", "20")));
        BenchEnvironment env = new BenchEnvironment();
        int gatewayPort = Integer.parseInt(System.getProperty("bench.gateway-port", "18680"));
        Map<String, String> consumers = new LinkedHashMap<>();
        consumers.put("gateway", "http://127.0.0.1:" + gatewayPort + "/" + SERVICE + "/whoami");
        consumers.put("baseline", "http://127.0.0.1:" + System.getProperty("bench.baseline-port", "18681") + "/" + SERVICE + "/whoami");
        System.out.printf("%d runs per mode, %d ms between requests per consumer, watching %d s after each stop/kill%n",
                runs, interval.toMillis(), window.toSeconds());
        List<String> json = new ArrayList<>();
        for (String mode : List.of("stop", "kill")) {
            Map<String, List<RemovalRun>> byConsumer = new LinkedHashMap<>();
            consumers.keySet().forEach(name -> byConsumer.put(name, new ArrayList<>()));
            List<Double> gatewayTries = new ArrayList<>();
            List<Double> gatewayLastTryMs = new ArrayList<>();
            for (int run = 0; run < runs; run++) {
                List<Container> instances = env.composeContainers(SERVICE);
                if (instances.size() != 3) {
                    throw new IllegalStateException("expected 3 running " + SERVICE + " instances, found " + instances.size());
                }
                Map<String, String> ipById = new LinkedHashMap<>();
                instances.forEach(instance -> ipById.put(instance.getId(), env.ipOf(instance.getId())));
                for (String url : consumers.values()) {
                    awaitServedByAll(url, new HashSet<>(ipById.values()), Duration.ofSeconds(90));
                }
                Container victimContainer = instances.get(run % instances.size());
                String victim = victimContainer.getId();
                String victimIp = ipById.get(victim);
                GatewayTriesWatch tries = new GatewayTriesWatch(gatewayPort, victimContainer.getNames()[0].replaceFirst("^/", ""));
                Map<String, SteadyLoad> loads = new LinkedHashMap<>();
                consumers.forEach((name, url) -> loads.put(name, new SteadyLoad(url, interval, Duration.ofSeconds(10))));
                BenchEnvironment.sleepMillis(2_000);
                tries.start();
                long command = System.nanoTime();
                if ("stop".equals(mode)) {
                    env.docker.stopContainerCmd(victim).exec();
                } else {
                    env.docker.killContainerCmd(victim).exec();
                }
                long windowEnd = command + window.toNanos();
                BenchEnvironment.sleepMillis(Math.max(0, (windowEnd - System.nanoTime()) / 1_000_000));
                tries.close();
                gatewayTries.add((double) tries.triesSince());
                gatewayLastTryMs.add(tries.lastTryMs());
                for (Map.Entry<String, SteadyLoad> load : loads.entrySet()) {
                    load.getValue().close();
                    RemovalRun result = RemovalRun.of(load.getValue().outcomes(), victimIp, command, windowEnd);
                    byConsumer.get(load.getKey()).add(result);
                    System.out.printf(Locale.ROOT, "docker %s, run %d, %-8s last served by the victim %7.0f ms, last to it %7.0f ms, failed %4d of %5d%s%n",
                            mode, run + 1, load.getKey(), result.lastServedByVictimMs(), result.lastToVictimMs(), result.failed(),
                            result.requests(), result.stillRoutingAtEnd() ? " (STILL ROUTING TO IT AT THE END OF THE WINDOW)" : "");
                }
                System.out.printf(Locale.ROOT, "docker %s, run %d, gateway tries at the victim after the command (its own meter): %d, the last seen %.0f ms after%n",
                        mode, run + 1, tries.triesSince(), tries.lastTryMs());
                env.docker.startContainerCmd(victim).exec();
                env.awaitPassing(SERVICE, 3, Duration.ofSeconds(120));
            }
            byConsumer.forEach((name, results) -> json.addAll(summarise(name, mode, results)));
            Stats lastTry = new Stats(gatewayLastTryMs);
            Stats triesPerRun = new Stats(gatewayTries);
            System.out.println(lastTry.line(String.format("gateway  %-4s last try at victim (meter)", mode), "ms"));
            System.out.println(triesPerRun.line(String.format("gateway  %-4s tries at victim per run", mode), "rq"));
            json.add(lastTry.json("removal-" + mode, "gateway_last_try_at_victim_ms"));
            json.add(triesPerRun.json("removal-" + mode, "gateway_tries_at_victim_per_run"));
        }
        env.record(json);
    }

    /** Prints and returns (as JSON lines) one consumer's figures for one mode. */
    private static List<String> summarise(String consumer, String mode, List<RemovalRun> results) {
        Stats lastServed = new Stats(results.stream().map(RemovalRun::lastServedByVictimMs).toList());
        Stats lastTo = new Stats(results.stream().map(RemovalRun::lastToVictimMs).toList());
        Stats failed = new Stats(results.stream().map(result -> (double) result.failed()).toList());
        int failedTotal = results.stream().mapToInt(RemovalRun::failed).sum();
        int requests = results.stream().mapToInt(RemovalRun::requests).sum();
        long stillRouting = results.stream().filter(RemovalRun::stillRoutingAtEnd).count();
        String prefix = String.format("%-8s %-4s ", consumer, mode);
        System.out.println(lastServed.line(prefix + "last served by victim", "ms"));
        System.out.println(lastTo.line(prefix + "last to victim incl. failed", "ms"));
        System.out.println(failed.line(prefix + "failed requests per run", "rq"));
        System.out.printf("%sfailed %d of %d requests; runs still routing to the victim at the end of the window: %d%n",
                prefix, failedTotal, requests, stillRouting);
        String benchmark = "removal-" + mode;
        return List.of(lastServed.json(benchmark, consumer + "_last_served_by_victim_ms"),
                lastTo.json(benchmark, consumer + "_last_to_victim_ms"),
                failed.json(benchmark, consumer + "_failed_per_run"),
                String.format(Locale.ROOT, "{\"benchmark\":\"%s\",\"consumer\":\"%s\",\"runs\":%d,\"failed\":%d,\"requests\":%d,\"still_routing_at_end\":%d}",
                        benchmark, consumer, results.size(), failedTotal, requests, stillRouting));
    }

    /**
     * Waits (bounded) until the consumer has answered from every one of the addresses: the instance list it
     * load-balances over holds them all (the baseline learns of a restarted instance only when its cache expires).
     */
    static void awaitServedByAll(String url, Set<String> ips, Duration limit) {
        HttpClient http = HttpClient.newHttpClient();
        Set<String> missing = new HashSet<>(ips);
        long deadline = System.nanoTime() + limit.toNanos();
        boolean answered = false;
        while (System.nanoTime() < deadline) {
            try {
                HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(5)).build(),
                        HttpResponse.BodyHandlers.ofString());
                if (response.statusCode() == 200) {
                    answered = true;
                    missing.remove(SteadyLoad.servedIp(response.body()));
                    if (missing.isEmpty()) {
                        return;
                    }
                }
            } catch (java.io.IOException e) {
                // not yet
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
            BenchEnvironment.sleepMillis(50);
        }
        throw new IllegalStateException(url + (answered ? " never served from " + missing : " never answered 200") + " within "
                + limit.toSeconds() + " s");
    }

    private RemovalLatency() {
    }
}
