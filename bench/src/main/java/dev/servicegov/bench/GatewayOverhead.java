package dev.servicegov.bench;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

import com.github.dockerjava.api.model.Container;
import com.github.dockerjava.api.model.ContainerPort;

/**
 * Gateway overhead: the same closed-loop load (C concurrent callers, each calling again as soon as it has
 * an answer, for a fixed time) through the gateway and straight to one service-web instance, in the same
 * run, alternating twice so neither side gets a warmer JVM. Prints requests/s and p50/p99 latency, and the CPU
 * time per request of the gateway, the service-web instances and the load generator on each path: on a machine
 * whose cores they all share, that is what bounds the gateway's throughput next to a direct call.
 */
public final class GatewayOverhead {

    /** Measured spells per path; the gateway, direct and nginx paths alternate. */
    private static final int ROUNDS = 2;

    public static void main(String[] args) throws Exception {
        int concurrency = Integer.parseInt(System.getProperty("bench.concurrency", "16"));
        Duration each = Duration.ofSeconds(Long.parseLong(System.getProperty("bench.seconds", "15")));
        BenchEnvironment env = new BenchEnvironment();
        String gateway = gatewayUrl();
        Container instance = publishedInstance(env);
        int webPort = publishedPortOf(instance).orElseThrow();
        String direct = "http://127.0.0.1:" + webPort + "/whoami";
        Optional<Path> nginx = ReferenceProxy.findNginx();
        if (nginx.isEmpty()) {
            System.out.println("no nginx on this machine (apt-get install nginx-light): the reference proxy is left out");
        }
        try (ReferenceProxy reference = nginx.isPresent() ? ReferenceProxy.start(nginx.get(), webPort) : null) {
            Result straight = measure(env, gateway, direct, reference, concurrency, each);
            measureReferenceGateways(env, "http://" + env.ipOf(instance.getId()) + ":8080", straight, concurrency, each);
        }
    }

    /**
     * Spring Cloud Gateway as it comes (both flavours) and Jetty's proxy, each with one static route to the instance
     * the direct path calls, warmed up like the gateway, then measured for {@link #ROUNDS} spells against the run's direct figures.
     */
    private static void measureReferenceGateways(BenchEnvironment env, String upstream, Result direct, int concurrency, Duration each)
            throws Exception {
        Stats ds = new Stats(direct.latenciesMs);
        for (String name : ReferenceGateways.selected()) {
            Optional<Path> jar = ReferenceGateways.jar(name);
            if (jar.isEmpty()) {
                System.out.println("reference gateway " + name + " not built (./mvnw -Pbench -DskipTests package): left out");
                continue;
            }
            ReferenceGateways.Running running = ReferenceGateways.start(env, name, jar.get(), upstream);
            try {
                String url = "http://127.0.0.1:" + running.port() + "/service-web/whoami";
                awaitFirstAnswer(url, Duration.ofSeconds(90));
                load(url, concurrency, warmUp());
                ContainerCpu proxyCpu = ContainerCpu.of(env, List.of(running.containerId()));
                ContainerCpu instancesCpu = ContainerCpu.of(env, ids(env, "service-web"));
                CpuTally cpu = new CpuTally();
                List<Result> rounds = new ArrayList<>();
                for (int round = 0; round < ROUNDS; round++) {
                    rounds.add(cpu.measure(proxyCpu, instancesCpu, () -> load(url, concurrency, each)));
                }
                Result through = Result.merge(rounds);
                printReference(name, through, direct, ds, cpu, concurrency);
                recordReference(env, name, through);
            } finally {
                ReferenceGateways.remove(env, running);
            }
        }
    }

    /**
     * The JIT needs a long spell at full load on 2 cores before a JVM reaches its steady pace (the gateway's per-request
     * CPU drops about fourfold over the first minute); measured before that, the figures are the compiler's.
     */
    static Duration warmUp() {
        return Duration.ofSeconds(Long.parseLong(System.getProperty("bench.warmup-seconds", "60")));
    }

    /** service-web's whoami through the stack's gateway ({@code bench.gateway-port}). */
    static String gatewayUrl() {
        return "http://127.0.0.1:" + System.getProperty("bench.gateway-port", "18680") + "/service-web/whoami";
    }

    /** Measures the gateway, the direct path and nginx; returns the direct path's result. */
    private static Result measure(BenchEnvironment env, String gateway, String direct, ReferenceProxy reference, int concurrency,
            Duration each) throws Exception {

        awaitFirstAnswer(gateway, Duration.ofSeconds(90));
        Duration warmUp = warmUp();
        Result warmGateway = load(gateway, concurrency, warmUp);
        Result warmDirect = load(direct, concurrency, warmUp.dividedBy(2));
        System.out.printf("warm-up: gateway %d ok / %d failed, direct %d ok / %d failed%n",
                warmGateway.latenciesMs.size(), warmGateway.failures, warmDirect.latenciesMs.size(), warmDirect.failures);
        String viaNginx = reference == null ? null : "http://127.0.0.1:" + reference.port + "/service-web/whoami";
        if (viaNginx != null) {
            load(viaNginx, concurrency, Duration.ofSeconds(5));
        }
        ContainerCpu gatewayCpu = ContainerCpu.of(env, ids(env, "consumer-gateway"));
        ContainerCpu instancesCpu = ContainerCpu.of(env, ids(env, "service-web"));
        CpuTally viaGatewayCpu = new CpuTally();
        CpuTally straightCpu = new CpuTally();
        CpuTally viaNginxCpu = new CpuTally();
        ContainerCpu nginxCpu = reference == null ? null : ContainerCpu.ofPids(reference.pids());
        List<Result> viaGateway = new ArrayList<>();
        List<Result> straight = new ArrayList<>();
        List<Result> throughNginx = new ArrayList<>();
        for (int round = 0; round < ROUNDS; round++) {
            viaGateway.add(viaGatewayCpu.measure(gatewayCpu, instancesCpu, () -> load(gateway, concurrency, each)));
            straight.add(straightCpu.measure(gatewayCpu, instancesCpu, () -> load(direct, concurrency, each)));
            if (viaNginx != null) {
                throughNginx.add(viaNginxCpu.measure(nginxCpu, instancesCpu, () -> load(viaNginx, concurrency, each)));
            }
        }
        Result g = Result.merge(viaGateway);
        Result d = Result.merge(straight);
        Stats gs = new Stats(g.latenciesMs);
        Stats ds = new Stats(d.latenciesMs);
        System.out.println(gs.line("through the gateway (c=" + concurrency + ")", "ms"));
        System.out.println(ds.line("straight to one instance (c=" + concurrency + ")", "ms"));
        System.out.printf("requests/s: gateway %.0f, direct %.0f (%.0f %% of direct); failed: gateway %d, direct %d%n",
                g.perSecond(), d.perSecond(), 100.0 * g.perSecond() / d.perSecond(), g.failures, d.failures);
        System.out.printf("p50 overhead %.2f ms, p99 overhead %.2f ms%n",
                gs.median() - ds.median(), gs.percentile(99) - ds.percentile(99));
        Result n = viaNginx == null ? null : Result.merge(throughNginx);
        if (n != null) {
            printReference("nginx", n, d, ds, viaNginxCpu, concurrency);
        }
        double gatewayPath = viaGatewayCpu.total() / g.latenciesMs.size();
        double directPath = straightCpu.total() / d.latenciesMs.size();
        System.out.printf("CPU per request, through the gateway: gateway %.0f us, instances %.0f us, load generator %.0f us%n",
                1e6 * viaGatewayCpu.proxy / g.latenciesMs.size(), 1e6 * viaGatewayCpu.instances / g.latenciesMs.size(),
                1e6 * viaGatewayCpu.loadGenerator / g.latenciesMs.size());
        System.out.printf("CPU per request, direct: instance %.0f us, load generator %.0f us%n",
                1e6 * straightCpu.instances / d.latenciesMs.size(), 1e6 * straightCpu.loadGenerator / d.latenciesMs.size());
        System.out.printf("with every core busy, the gateway path can reach at most %.0f %% of direct (direct CPU per request / "
                + "gateway path CPU per request)%n", 100 * directPath / gatewayPath);
        env.record(List.of(gs.json("gateway-overhead", "gateway_latency_ms"), ds.json("gateway-overhead", "direct_latency_ms"),
                String.format(java.util.Locale.ROOT, "{\"benchmark\":\"gateway-overhead\",\"concurrency\":%d,\"gateway_rps\":%.1f,\"direct_rps\":%.1f,\"gateway_failed\":%d,\"direct_failed\":%d}",
                        concurrency, g.perSecond(), d.perSecond(), g.failures, d.failures)));
        if (n != null) {
            recordReference(env, "nginx", n);
        }
        return d;
    }

    /** The same load through a reference proxy in front of the same instance: what that hop costs here. */
    private static void printReference(String name, Result n, Result d, Stats ds, CpuTally cpu, int concurrency) {
        Stats ns = new Stats(n.latenciesMs);
        System.out.println(ns.line("through " + name + ", a reference (c=" + concurrency + ")", "ms"));
        System.out.printf("reference %s: requests/s %.0f (%.0f %% of direct), p50 overhead %.2f ms, p99 overhead %.2f ms; failed %d; "
                + "CPU per request: %s %.0f us, instance %.0f us, load generator %.0f us%n",
                name, n.perSecond(), 100.0 * n.perSecond() / d.perSecond(), ns.median() - ds.median(), ns.percentile(99) - ds.percentile(99),
                n.failures, name, 1e6 * cpu.proxy / n.latenciesMs.size(), 1e6 * cpu.instances / n.latenciesMs.size(),
                1e6 * cpu.loadGenerator / n.latenciesMs.size());
    }

    private static void recordReference(BenchEnvironment env, String name, Result n) throws java.io.IOException {
        env.record(List.of(new Stats(n.latenciesMs).json("gateway-overhead", "reference_" + name.replace('-', '_') + "_latency_ms"),
                String.format(java.util.Locale.ROOT, "{\"benchmark\":\"gateway-overhead\",\"reference_proxy\":\"%s\",\"reference_proxy_rps\":%.1f,\"reference_proxy_failed\":%d}",
                        name, n.perSecond(), n.failures)));
    }

    private static List<String> ids(BenchEnvironment env, String service) {
        return env.composeContainers(service).stream().map(Container::getId).toList();
    }

    /** CPU seconds used during the measured phases of one path. */
    static final class CpuTally {
        /** the gateway, or the reference proxy */
        double proxy;
        double instances;
        double loadGenerator;

        Result measure(ContainerCpu proxyCpu, ContainerCpu instancesCpu, java.util.concurrent.Callable<Result> phase) throws Exception {
            double p0 = proxyCpu.seconds();
            double i0 = instancesCpu.seconds();
            double l0 = ContainerCpu.loadGeneratorSeconds();
            Result result = phase.call();
            proxy += proxyCpu.seconds() - p0;
            instances += instancesCpu.seconds() - i0;
            loadGenerator += ContainerCpu.loadGeneratorSeconds() - l0;
            return result;
        }

        double total() {
            return proxy + instances + loadGenerator;
        }
    }

    /** Latencies of the successful calls, the failures, and how long the load ran. */
    record Result(List<Double> latenciesMs, int failures, double seconds) {

        double perSecond() {
            return latenciesMs.size() / seconds;
        }

        static Result merge(List<Result> results) {
            List<Double> all = new ArrayList<>();
            results.forEach(result -> all.addAll(result.latenciesMs));
            return new Result(all, results.stream().mapToInt(Result::failures).sum(),
                    results.stream().mapToDouble(Result::seconds).sum());
        }
    }

    static Result load(String url, int concurrency, Duration duration) throws Exception {
        HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(2)).build();
        HttpRequest request = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(5)).build();
        AtomicInteger failures = new AtomicInteger();
        long start = System.nanoTime();
        long end = start + duration.toNanos();
        ExecutorService pool = Executors.newFixedThreadPool(concurrency);
        List<Future<List<Double>>> callers = new ArrayList<>();
        for (int i = 0; i < concurrency; i++) {
            callers.add(pool.submit(() -> {
                List<Double> latencies = new ArrayList<>();
                while (System.nanoTime() < end) {
                    long sent = System.nanoTime();
                    try {
                        HttpResponse<Void> response = http.send(request, HttpResponse.BodyHandlers.discarding());
                        if (response.statusCode() == 200) {
                            latencies.add((System.nanoTime() - sent) / 1e6);
                        } else {
                            failures.incrementAndGet();
                        }
                    } catch (java.io.IOException e) {
                        failures.incrementAndGet();
                    }
                }
                return latencies;
            }));
        }
        List<Double> all = new ArrayList<>();
        for (Future<List<Double>> caller : callers) {
            all.addAll(caller.get());
        }
        pool.shutdownNow();
        return new Result(all, failures.get(), (System.nanoTime() - start) / 1e9);
    }

    /** Waits (bounded) until the URL answers 200: the gateway has a passing instance to send to. */
    static void awaitFirstAnswer(String url, Duration limit) throws InterruptedException {
        HttpClient http = HttpClient.newHttpClient();
        long deadline = System.nanoTime() + limit.toNanos();
        while (System.nanoTime() < deadline) {
            try {
                if (http.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(2)).build(),
                        HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
                    return;
                }
            } catch (java.io.IOException e) {
                // not up yet
            }
            Thread.sleep(250);
        }
        throw new IllegalStateException(url + " did not answer 200 within " + limit.toSeconds() + " s");
    }

    /** A service-web instance of the benchmark's stack published on loopback (bench overlay): the direct path's target. */
    static Container publishedInstance(BenchEnvironment env) {
        return env.composeContainers("service-web").stream()
                .filter(container -> publishedPortOf(container).isPresent())
                .findFirst()
                .orElseThrow(() -> new IllegalStateException("no service-web instance published on loopback: start the stack with "
                        + "-f bench/docker-compose.bench.yml (bench/run.sh does)"));
    }

    static Optional<Integer> publishedPortOf(Container container) {
        return java.util.Arrays.stream(container.getPorts())
                .filter(port -> port.getPrivatePort() != null && port.getPrivatePort() == 8080 && port.getPublicPort() != null)
                .map(ContainerPort::getPublicPort)
                .findFirst();
    }

    private GatewayOverhead() {
    }
}
