package dev.servicegov.gateway.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;

import dev.servicegov.testsupport.RequiresDocker;
import dev.servicegov.testsupport.TestConsul;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.testcontainers.consul.ConsulContainer;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.beans.factory.DisposableBean;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Bean;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The gateway against a real Consul with real instances: tiny HTTP servers in this JVM on 127.0.0.1,
 * registered with TTL checks the test passes and fails. Each test uses its own service names.
 */
@RequiresDocker
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@DirtiesContext
class ConsumerGatewayIT {

    private static ConsulContainer consul;

    private final List<FakeInstance> instances = new ArrayList<>();
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final JsonMapper json = JsonMapper.builder().build();

    @LocalServerPort
    private int port;

    @DynamicPropertySource
    static void consulLocation(DynamicPropertyRegistry registry) {
        consul = TestConsul.create();
        consul.start();
        // last resort if the context never closes normally; stopping twice is harmless
        Runtime.getRuntime().addShutdownHook(new Thread(ConsumerGatewayIT::stopConsul));
        registry.add("spring.cloud.consul.host", () -> "127.0.0.1");
        registry.add("spring.cloud.consul.port", () -> consul.getMappedPort(8500));
        registry.add("gateway.route-refresh-interval", () -> "2s");
    }

    @AfterAll
    void closeInstances() {
        instances.forEach(FakeInstance::close);
    }

    static void stopConsul() {
        if (consul != null) {
            consul.stop();
        }
    }

    /** Stops Consul only once the gateway (its catalog watch included) has shut down, as the context closes. */
    @TestConfiguration(proxyBeanMethods = false)
    static class StopConsulWithTheContext {

        @Bean
        DisposableBean stopConsulAfterTheGateway() {
            return ConsumerGatewayIT::stopConsul;
        }
    }

    @Test
    void callsRotateRoundRobinAcrossAllPassingInstances() throws Exception {
        List<FakeInstance> started = startPassing("rr", 3);
        awaitRoutable("rr");

        List<String> names = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            HttpResponse<String> response = get("/rr/whoami");
            assertThat(response.statusCode()).isEqualTo(200);
            String name = read(response).get("name").asString();
            names.add(name);
            FakeInstance servedBy = byName(started).get(name);
            assertThat(response.headers().firstValue("X-Served-By"))
                    .hasValue("rr-" + name + " 127.0.0.1:" + servedBy.port());
        }
        Map<String, Long> counts = names.stream().collect(Collectors.groupingBy(Function.identity(), Collectors.counting()));
        assertThat(counts).as("calls per instance in %s", names)
                .containsOnlyKeys(byName(started).keySet())
                .allSatisfy((name, count) -> assertThat(count).isEqualTo(2L));
        assertThat(Set.copyOf(names.subList(0, 3))).as("first round %s", names).hasSize(3);
    }

    @Test
    void prefixIsStrippedAndQueryKept() throws Exception {
        startPassing("echo", 1);
        awaitRoutable("echo");

        JsonNode answer = read(get("/echo/deep/path?x=1&y=two"));

        assertThat(answer.get("path").asString()).isEqualTo("/deep/path");
        assertThat(answer.get("query").asString()).isEqualTo("x=1&y=two");
    }

    @Test
    void instanceWhoseCheckFailsStopsBeingChosen() throws Exception {
        List<FakeInstance> started = startPassing("flaky", 2);
        awaitRoutable("flaky");
        consulApi().fail("flaky-" + started.get(0).name());

        await().atMost(Duration.ofSeconds(5)).pollInterval(Duration.ofMillis(200)).untilAsserted(() -> {
            for (int i = 0; i < 6; i++) {
                assertThat(read(get("/flaky/whoami")).get("name").asString()).isEqualTo(started.get(1).name());
            }
        });
    }

    @Test
    void serviceWithoutPassingInstanceAnswers503Json() throws Exception {
        FakeInstance neverHealthy = FakeInstance.start("n1");
        instances.add(neverHealthy);
        consulApi().register("sick", "sick-n1", neverHealthy.port(), "t", "test");

        assertErrorJson(get("/sick/whoami"), 503, "sick");

        List<FakeInstance> fading = startPassing("fading", 1);
        awaitRoutable("fading");
        consulApi().fail("fading-" + fading.get(0).name());
        await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> assertErrorJson(get("/fading/whoami"), 503, "fading"));
    }

    @Test
    void unknownServiceAnswers404Json() throws Exception {
        assertErrorJson(get("/no-such-service/whoami"), 404, "no-such-service");
    }

    @Test
    void serviceRegisteredAfterStartBecomesRoutable() throws Exception {
        assertThat(get("/latecomer/whoami").statusCode()).isEqualTo(404);
        FakeInstance late = FakeInstance.start("l1");
        instances.add(late);
        consulApi().register("latecomer", "latecomer-l1", late.port(), "t", "test");
        assertThat(get("/latecomer/whoami").statusCode()).isEqualTo(503);

        consulApi().pass("latecomer-l1");

        await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(200))
                .untilAsserted(() -> assertThat(get("/latecomer/whoami").statusCode()).isEqualTo(200));
        assertThat(read(get("/latecomer/whoami")).get("name").asString()).isEqualTo("l1");
    }

    @Test
    void connectionFailureIsRetriedOnAnotherInstanceForGet() throws Exception {
        List<FakeInstance> started = startPassing("retry", 2);
        awaitRoutable("retry");
        started.get(0).close(); // its check still passes: only the retry keeps the answers good

        for (int i = 0; i < 6; i++) {
            HttpResponse<String> response = get("/retry/whoami");
            assertThat(response.statusCode()).isEqualTo(200);
            assertThat(read(response).get("name").asString()).isEqualTo(started.get(1).name());
        }
    }

    @Test
    void getIsRetriedOn503AnswersButNotOnOther5xx() throws Exception {
        List<FakeInstance> started = startPassing("errs", 1);
        awaitRoutable("errs");
        FakeInstance only = started.get(0);

        int before = only.hits();
        assertThat(get("/errs/status/500").statusCode()).isEqualTo(500);
        assertThat(only.hits() - before).as("a 500 is passed through, not retried").isEqualTo(1);

        before = only.hits();
        assertThat(get("/errs/status/503").statusCode()).isEqualTo(503);
        assertThat(only.hits() - before).as("a 503 is tried 1 + 2 times").isEqualTo(3);
    }

    @Test
    void connectionFailureWithoutRetryAnswers502Json() throws Exception {
        List<FakeInstance> started = startPassing("gone", 1);
        awaitRoutable("gone");
        started.get(0).close();

        HttpResponse<String> response = send(HttpRequest.newBuilder(uri("/gone/whoami"))
                .POST(HttpRequest.BodyPublishers.ofString("{}")).build());

        assertErrorJson(response, 502, "gone");
    }

    @Test
    void servicesListsEveryServiceWithItsHealthyInstances() throws Exception {
        List<FakeInstance> started = startPassing("listed", 2);
        FakeInstance unhealthy = FakeInstance.start("u1");
        instances.add(unhealthy);
        consulApi().register("listed", "listed-u1", unhealthy.port(), "t", "test");

        HttpResponse<String> response = get("/services");

        assertThat(response.statusCode()).isEqualTo(200);
        JsonNode listed = null;
        for (JsonNode service : read(response)) {
            if (service.get("name").asString().equals("listed")) {
                listed = service;
            }
        }
        assertThat(listed).as("'listed' in %s", response.body()).isNotNull();
        assertThat(listed.get("instances")).hasSize(2);
        JsonNode first = listed.get("instances").get(0);
        assertThat(first.get("id").asString()).isEqualTo("listed-" + started.get(0).name());
        assertThat(first.get("host").asString()).isEqualTo("127.0.0.1");
        assertThat(first.get("port").asInt()).isEqualTo(started.get(0).port());
        assertThat(first.get("tags").get(0).asString()).isEqualTo("web");
        assertThat(first.get("metadata").get("owner").asString()).isEqualTo("it");
    }

    private List<FakeInstance> startPassing(String service, int count) throws IOException {
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

    private void awaitRoutable(String service) {
        await().atMost(Duration.ofSeconds(15)).pollInterval(Duration.ofMillis(200))
                .untilAsserted(() -> assertThat(get("/" + service + "/whoami").statusCode()).isEqualTo(200));
    }

    private void assertErrorJson(HttpResponse<String> response, int status, String service) {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
        assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(
                type -> assertThat(type).startsWith("application/json"));
        JsonNode body = read(response);
        assertThat(body.get("error").asString()).isNotBlank();
        assertThat(body.get("service").asString()).isEqualTo(service);
        assertThat(body.get("hint").asString()).isNotBlank();
        assertThat(response.body()).doesNotContain("Exception", "trace");
    }

    private static Map<String, FakeInstance> byName(List<FakeInstance> list) {
        return list.stream().collect(Collectors.toMap(FakeInstance::name, Function.identity()));
    }

    private ConsulAgentApi consulApi() {
        return new ConsulAgentApi(consul.getMappedPort(8500));
    }

    private URI uri(String path) {
        return URI.create("http://127.0.0.1:" + port + path);
    }

    private HttpResponse<String> get(String path) throws IOException, InterruptedException {
        return send(HttpRequest.newBuilder(uri(path)).GET().build());
    }

    private HttpResponse<String> send(HttpRequest request) throws IOException, InterruptedException {
        return http.send(HttpRequest.newBuilder(request, (name, value) -> true).timeout(Duration.ofSeconds(20)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private JsonNode read(HttpResponse<String> response) {
        return json.readTree(response.body());
    }
}
