package dev.servicegov.gateway.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;

import dev.servicegov.testsupport.RequiresDocker;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.TestInstance;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.beans.factory.DisposableBean;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The gateway against a real Consul with real instances: tiny HTTP servers in this JVM on 127.0.0.1,
 * registered with TTL checks the test passes and fails. Each test uses its own service names.
 *
 * <p>The {@code *IT} subclasses add tests only, no configuration of their own, so Spring's test-context
 * cache gives them all one gateway and one Consul container, started once; Consul stops as that context
 * closes (at the latest when the JVM exits).
 */
@RequiresDocker
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@Import(GatewayITBase.StopConsulWithTheContext.class)
abstract class GatewayITBase {

    /** {@code gateway.proxy.max-buffered-body}: above every other body of these tests (the largest: 48 KB). */
    protected static final int MAX_BUFFERED_BODY = 1024 * 1024;

    private static ContextConsul consul;

    protected final List<FakeInstance> instances = new ArrayList<>();
    /** HTTP/1.1 as the gateway serves it, so the client never probes each new connection for an h2c upgrade. */
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();
    protected final JsonMapper json = JsonMapper.builder().build();

    @LocalServerPort
    private int port;

    @DynamicPropertySource
    static void consulLocation(DynamicPropertyRegistry registry) {
        consul = ContextConsul.start(registry);
        registry.add("gateway.services.weighted.policy", () -> "weighted");
        registry.add("gateway.services.sticky.policy", () -> "sticky");
        registry.add("gateway.services.sticky.sticky-header", () -> "X-Session");
        registry.add("gateway.services.pinned.policy", () -> "sticky");
        registry.add("gateway.services.pinned.sticky-instance-cookie", () -> "sc-instance");
        registry.add("gateway.services.slow.response-timeout", () -> "500ms");
        registry.add("gateway.services.ws-silent.response-timeout", () -> "500ms");
        // as on Kubernetes, where Spring Boot turns on its own reading of X-Forwarded-* (GatewayRoutingIT)
        registry.add("spring.main.cloud-platform", () -> "kubernetes");
        registry.add("gateway.proxy.websocket-idle-timeout", () -> "2s");
        registry.add("gateway.proxy.websocket-max-message", () -> "128KB");
        registry.add("gateway.services.ws-pinned.policy", () -> "sticky");
        registry.add("gateway.services.ws-pinned.sticky-instance-cookie", () -> "sc-ws");
        registry.add("gateway.services.noretry.retries", () -> "0");
        registry.add("spring.cloud.loadbalancer.hint.hinted", () -> "stable");
        registry.add("gateway.proxy.max-buffered-body", () -> MAX_BUFFERED_BODY + "B");
    }

    @AfterAll
    void closeInstances() {
        instances.forEach(FakeInstance::close);
    }

    /**
     * Stops Consul only once the gateway (its catalog watch included) has shut down, as the context closes.
     * Imported explicitly; {@code final} so that Spring does not also detect it as the subclasses' default
     * configuration.
     */
    @TestConfiguration(proxyBeanMethods = false)
    static final class StopConsulWithTheContext {

        @Bean
        DisposableBean stopConsulAfterTheGateway() {
            return consul::stop;
        }
    }

    protected JsonNode serviceStatus(String service) throws IOException, InterruptedException {
        for (JsonNode candidate : read(get("/services/status")).get("services")) {
            if (candidate.get("name").asString().equals(service)) {
                return candidate;
            }
        }
        throw new AssertionError("no " + service + " in /services/status");
    }

    /** Until each of the instances has answered (the watch has seen them all pass). */
    protected void awaitServedByAll(String service, List<FakeInstance> expected) {
        Set<String> seen = new java.util.HashSet<>();
        await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(50)).untilAsserted(() -> {
            seen.add(read(get("/" + service + "/whoami")).get("name").asString());
            assertThat(seen).containsAll(expected.stream().map(FakeInstance::name).toList());
        });
    }

    protected List<FakeInstance> startPassing(String service, int count) throws IOException {
        List<FakeInstance> started = new ArrayList<>();
        for (int i = 1; i <= count; i++) {
            FakeInstance instance = FakeInstance.start(service.charAt(0) + "" + i);
            instances.add(instance);
            started.add(instance);
            String id = service + "-" + instance.name();
            consulApi().register(service, id, instance.port(), "web", "it");
            consulApi().pass(id);
        }
        return started;
    }

    protected void awaitRoutable(String service) {
        await().atMost(Duration.ofSeconds(15)).pollInterval(Duration.ofMillis(200))
                .untilAsserted(() -> assertThat(get("/" + service + "/whoami").statusCode()).isEqualTo(200));
    }

    /** Asserts the gateway's JSON error answer and returns its body. */
    protected JsonNode assertErrorJson(HttpResponse<String> response, int status, String service) {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
        assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(
                type -> assertThat(type).startsWith("application/json"));
        JsonNode body = read(response);
        assertThat(body.get("error").asString()).isNotBlank();
        assertThat(body.get("service").asString()).isEqualTo(service);
        assertThat(body.get("hint").asString()).isNotBlank();
        assertThat(response.body()).doesNotContain("Exception", "trace");
        return body;
    }

    protected static Map<String, FakeInstance> byName(List<FakeInstance> list) {
        return list.stream().collect(Collectors.toMap(FakeInstance::name, Function.identity()));
    }

    protected ConsulAgentApi consulApi() {
        return new ConsulAgentApi(consul.port());
    }

    protected URI uri(String path) {
        return URI.create("http://127.0.0.1:" + port + path);
    }

    /**
     * The request's head, then {@code chunked} bytes in chunks of 64 KiB (the last one smaller) without the body's
     * end; then the answer, read until the gateway closes the connection. The last chunk is the one that goes past
     * the limit: a gateway that refuses the body has read every byte sent by then, so it closes without a reset that
     * could lose the answer.
     */
    protected String sendRaw(String head, int chunked) throws IOException {
        URI gateway = uri("/");
        try (Socket client = new Socket(gateway.getHost(), gateway.getPort())) {
            client.setSoTimeout(20_000);
            OutputStream out = client.getOutputStream();
            out.write(head.getBytes(StandardCharsets.US_ASCII));
            for (int sent = 0; sent < chunked; sent += 64 * 1024) {
                int size = Math.min(64 * 1024, chunked - sent);
                out.write((Integer.toHexString(size) + "\r\n").getBytes(StandardCharsets.US_ASCII));
                out.write(new byte[size]);
                out.write("\r\n".getBytes(StandardCharsets.US_ASCII));
            }
            out.flush();
            return new String(client.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    /** The JSON body of an answer {@link #sendRaw} read. */
    protected JsonNode bodyOf(String rawAnswer) {
        return json.readTree(rawAnswer.substring(rawAnswer.indexOf("\r\n\r\n") + 4));
    }

    protected HttpResponse<String> get(String path) throws IOException, InterruptedException {
        return send(HttpRequest.newBuilder(uri(path)).GET().build());
    }

    protected HttpResponse<String> send(HttpRequest request) throws IOException, InterruptedException {
        try {
            return http.send(HttpRequest.newBuilder(request, (name, value) -> true).timeout(Duration.ofSeconds(20)).build(),
                    HttpResponse.BodyHandlers.ofString());
        } catch (HttpTimeoutException timeout) {
            throw new AssertionError(request.method() + " " + request.uri() + " got no answer in 20 s; the gateway's "
                    + "event loops were at " + eventLoopTops(), timeout);
        }
    }

    /** Where each of the gateway's event loops is: all in epollWait means idle, anything else is what holds one up. */
    private static String eventLoopTops() {
        return Thread.getAllStackTraces().entrySet().stream()
                .filter(thread -> thread.getKey().getName().startsWith("reactor-http"))
                .map(thread -> thread.getKey().getName() + " " + thread.getKey().getState() + " in "
                        + (thread.getValue().length == 0 ? "?" : thread.getValue()[0].toString()))
                .sorted().collect(Collectors.joining("; "));
    }

    protected JsonNode read(HttpResponse<String> response) {
        return json.readTree(response.body());
    }
}
