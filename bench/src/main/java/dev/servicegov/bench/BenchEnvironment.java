package dev.servicegov.bench;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.command.CreateContainerResponse;
import com.github.dockerjava.api.model.Container;
import com.github.dockerjava.api.model.ExposedPort;
import com.github.dockerjava.api.model.HostConfig;
import com.github.dockerjava.core.DefaultDockerClientConfig;
import com.github.dockerjava.core.DockerClientImpl;
import com.github.dockerjava.zerodep.ZerodepDockerHttpClient;

import com.jayway.jsonpath.JsonPath;

import dev.servicegov.testsupport.TestImages;

/**
 * What every benchmark needs: the Docker engine, the stack's Consul agent, probe containers
 * on the stack's network, and a results file. Settings come from system properties set by bench/run.sh.
 */
final class BenchEnvironment {

    /** The label the stack's registrator registers containers by (bench/docker-compose.bench.yml). */
    static final String STACK_LABEL = "servicegov.bench-stack";

    final DockerClient docker;
    final String network = System.getProperty("bench.network", "sgbench_default");
    final String probeImage = System.getProperty("bench.image", "local/jre:25");
    final String runId = Long.toString(System.currentTimeMillis(), 36);
    private volatile String consul;
    private final Path results = Path.of(System.getProperty("bench.results", "bench/results/registrator.jsonl"));
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    BenchEnvironment() {
        var config = DefaultDockerClientConfig.createDefaultConfigBuilder().build();
        this.docker = DockerClientImpl.getInstance(config,
                new ZerodepDockerHttpClient.Builder().dockerHost(config.getDockerHost()).build());
        this.consul = agentUrl();
    }

    /** Looks the agent's address up again (after a restart it may have another). */
    void refreshAgentAddress() {
        consul = agentUrl();
    }

    /**
     * The stack's Consul agent at its address on the stack's network, the way the registrator and the gateway reach it.
     * Watched through its published loopback port instead, every poll would cross docker-proxy, whose extra hop and
     * hiccups landed in the figures. The loopback port when there is no such container.
     */
    private String agentUrl() {
        return composeContainers("consul-agent").stream().findFirst()
                .map(agent -> "http://" + ipOf(agent.getId()) + ":8500")
                .orElse("http://127.0.0.1:" + System.getProperty("bench.consul-port", "18600"));
    }

    /** Creates (does not start) a small HTTP container the registrator will register as {@code service}. */
    String createProbe(String service) {
        return createProbe(service, Map.of(STACK_LABEL, project()));
    }

    /**
     * Creates (does not start) a small HTTP container named {@code service} by its labels; the stack's registrator
     * registers it only when {@code extraLabels} holds {@link #STACK_LABEL}.
     */
    String createProbe(String service, Map<String, String> extraLabels) {
        Map<String, String> labels = new HashMap<>(Map.of("SERVICE_NAME", service, "bench-run", runId));
        labels.putAll(extraLabels);
        CreateContainerResponse created = docker.createContainerCmd(probeImage)
                .withLabels(labels)
                .withExposedPorts(ExposedPort.tcp(8080))
                .withHostConfig(HostConfig.newHostConfig().withNetworkMode(network))
                .withCmd("sh", "-c", TestImages.httpProbeCommand(8080))
                .exec();
        return created.getId();
    }

    /** Whether the local Consul agent has an instance of the service (the registrator's write has landed). */
    boolean registered(String service) {
        String body = get("/v1/agent/services?filter=" + java.net.URLEncoder.encode("Service == \"" + service + "\"",
                java.nio.charset.StandardCharsets.UTF_8));
        return body.contains("\"Service\":\"" + service + "\"") || body.contains("\"Service\": \"" + service + "\"");
    }

    /** One answer of the catalog's {@code /v1/catalog/service/<name>}: its index and how many instances it lists. */
    record CatalogAnswer(long index, int instances) {
    }

    /**
     * The catalog's instances of a service, as every consumer of Consul reads them; with {@code index > 0} a blocking
     * query that answers once the service changes after that index (or after {@code wait}). Null when Consul did not answer.
     */
    CatalogAnswer catalogService(String service, long index, Duration wait) {
        String query = index > 0 ? "?index=" + index + "&wait=" + wait.toMillis() + "ms" : "";
        try {
            HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(consul + "/v1/catalog/service/" + service + query))
                    .timeout(wait.plusSeconds(5)).build(), HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() != 200) {
                return null;
            }
            long answered = response.headers().firstValueAsLong("X-Consul-Index").orElse(0);
            return new CatalogAnswer(answered, JsonPath.<Integer>read(response.body(), "$.length()"));
        } catch (IOException e) {
            return null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        }
    }

    /** How many of the agent's services have a name starting with the prefix. */
    int registeredWithPrefix(String prefix) {
        return withPrefix(get("/v1/agent/services"), prefix);
    }

    /** How many services in an answer of the agent's {@code /v1/agent/services} have a name starting with the prefix. */
    static int withPrefix(String agentServices, String prefix) {
        String needle = "\"Service\":\"" + prefix;
        int count = 0;
        for (int at = agentServices.indexOf(needle); at >= 0; at = agentServices.indexOf(needle, at + 1)) {
            count++;
        }
        return count;
    }

    String get(String path) {
        try {
            return http.send(HttpRequest.newBuilder(URI.create(consul + path)).timeout(Duration.ofSeconds(5)).build(),
                    HttpResponse.BodyHandlers.ofString()).body();
        } catch (IOException e) {
            return "";
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "";
        }
    }

    /** A PUT to the local Consul agent; its HTTP status (0 when it did not answer). */
    int put(String path, String body) {
        try {
            return http.send(HttpRequest.newBuilder(URI.create(consul + path)).timeout(Duration.ofSeconds(5))
                    .PUT(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.discarding()).statusCode();
        } catch (IOException e) {
            return 0;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return 0;
        }
    }

    /** The compose project the benchmark's stack runs as (its network is {@code <project>_default}). */
    String project() {
        return network.replaceFirst("_default$", "");
    }

    /** The running containers of one service of the benchmark's compose project. */
    List<Container> composeContainers(String service) {
        return docker.listContainersCmd()
                .withLabelFilter(Map.of("com.docker.compose.project", project(), "com.docker.compose.service", service)).exec();
    }

    /** The container's address on the stack's network. */
    String ipOf(String containerId) {
        return docker.inspectContainerCmd(containerId).exec().getNetworkSettings().getNetworks().get(network).getIpAddress();
    }

    /** How many instances of the service have all their Consul checks passing. */
    int passingInstances(String service) {
        String body = get("/v1/health/service/" + service + "?passing");
        return body.isEmpty() ? 0 : JsonPath.<Integer>read(body, "$.length()");
    }

    /** Waits (bounded) until exactly this many instances of the service pass their checks. */
    void awaitPassing(String service, int instances, Duration limit) {
        long deadline = System.nanoTime() + limit.toNanos();
        while (passingInstances(service) != instances) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException(instances + " passing " + service + " instances not reached within " + limit.toSeconds() + " s");
            }
            sleepMillis(50);
        }
    }

    void removeAllProbes() {
        docker.listContainersCmd().withShowAll(true).withLabelFilter(Map.of("bench-run", runId)).exec()
                .forEach(container -> docker.removeContainerCmd(container.getId()).withForce(true).exec());
    }

    void record(List<String> jsonLines) throws IOException {
        Files.createDirectories(results.getParent());
        Files.write(results, jsonLines, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
    }

    static void sleepMillis(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
