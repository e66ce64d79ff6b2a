package dev.servicegov.gateway.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Arrays;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;

import dev.servicegov.gateway.balancer.InstanceChooser;
import dev.servicegov.gateway.balancer.ServiceBalancerContexts;
import dev.servicegov.gateway.consul.HealthWatchRegistry;
import dev.servicegov.gateway.observe.GatewayMetrics;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.cloud.loadbalancer.support.LoadBalancerClientFactory;

/**
 * Routing through the gateway: round robin over the passing instances, the prefix stripped, instances
 * leaving and joining rotation as their Consul checks change, and the JSON answers for unknown services
 * and services without a passing instance, and bodies past the limit the gateway holds in memory. Setup in
 * {@link GatewayITBase}.
 */
class GatewayRoutingIT extends GatewayITBase {

    @Autowired
    private InstanceChooser chooser;
    @Autowired
    private GatewayMetrics metrics;
    @Autowired
    private HealthWatchRegistry watches;
    @Autowired
    private LoadBalancerClientFactory balancerFactory;

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
    void servicesNamedLikeTheGatewaysOwnPathsDoNotHideThem() throws Exception {
        startPassing("services", 1);
        startPassing("actuator", 1);
        // registered last: once it is routable, the routes have been rebuilt from a catalog holding the two above
        startPassing("canary", 1);
        awaitRoutable("canary");

        JsonNode services = read(get("/services"));
        assertThat(services.isArray()).as("the gateway's own /services, not an instance's answer: %s", services).isTrue();
        assertThat(namesIn(services)).contains("services", "actuator", "canary");
        HttpResponse<String> health = get("/actuator/health");
        assertThat(health.statusCode()).isEqualTo(200);
        assertThat(read(health).has("components")).as("the gateway's own health: %s", health.body()).isTrue();
    }

    /** Consul's servers are in its catalog as the service {@code consul}, at their RPC port: hidden by default. */
    @Test
    void consulsOwnServiceIsNeitherRoutedNorListed() throws Exception {
        startPassing("beside-consul", 1);
        awaitRoutable("beside-consul");

        JsonNode answer = assertErrorJson(get("/consul/v1/status/leader"), 404, "consul");
        assertThat(answer.get("error").asString()).isEqualTo("service not routed");
        assertThat(answer.get("hint").asString()).contains("gateway.hidden-services");
        assertThat(namesIn(read(get("/services")))).contains("beside-consul").doesNotContain("consul");
        assertThat(namesIn(read(get("/services/status")).get("services"))).as("the status page's services")
                .contains("beside-consul").doesNotContain("consul");
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

    /** Names no service has are answered without a trace: nothing per name that would pile up. */
    @Test
    void namesNoServiceHasLeaveNoStateAndNoMeters() throws Exception {
        for (int i = 0; i < 3; i++) {
            assertErrorJson(get("/random-" + i + "/whoami"), 404, "random-" + i);
        }

        assertThat(chooser.services()).noneMatch(name -> name.startsWith("random-"));
        assertThat(metrics.services()).noneMatch(name -> name.startsWith("random-"));
        assertThat(watches.existing("random-0")).isEmpty();
        assertThat(get("/actuator/prometheus").body()).doesNotContain("random-");
    }

    /** What a service's balancing builds is what {@code UnlistedServiceRelease} lets go of once it leaves. */
    @Test
    void aServicesBalancerLivesInAContextTheGatewayCanRelease() throws Exception {
        startPassing("balanced", 1);
        awaitRoutable("balanced");
        assertThat(get("/balanced/whoami").statusCode()).isEqualTo(200);

        assertThat(balancerFactory).isInstanceOf(ServiceBalancerContexts.class);
        assertThat(balancerFactory.getContextNames()).contains("balanced");
        assertThat(chooser.services()).contains("balanced");
    }

    @Test
    void aServiceNamedInAnotherCaseIs404SuggestingTheNameConsulHas() throws Exception {
        startPassing("casey", 1);
        awaitRoutable("casey");

        assertThat(assertErrorJson(get("/Casey/whoami"), 404, "Casey").get("hint").asString()).contains("did you mean 'casey'?");
    }

    /** All its instances replaced at once: Consul drops the service in between, which is no reason for a 404. */
    @Test
    void aServiceWhoseLastInstanceJustLeftIs503NotUnknown() throws Exception {
        List<FakeInstance> only = startPassing("replaced", 1);
        awaitRoutable("replaced");
        consulApi().deregister("replaced-" + only.get(0).name());

        await().atMost(Duration.ofSeconds(5)).pollInterval(Duration.ofMillis(100)).untilAsserted(() ->
                assertThat(assertErrorJson(get("/replaced/whoami"), 503, "replaced").get("hint").asString())
                        .contains("last instance left"));
    }

    @Test
    void serviceRegisteredAfterStartBecomesRoutable() throws Exception {
        assertThat(get("/latecomer/whoami").statusCode()).isEqualTo(404);
        FakeInstance late = FakeInstance.start("l1");
        instances.add(late);
        consulApi().register("latecomer", "latecomer-l1", late.port(), "t", "test");
        // known once the catalog watch sees it, or the next fresh read (one is shared for 500 ms: the 404 above asked)
        await("listed, no passing instance yet").atMost(Duration.ofSeconds(2)).pollInterval(Duration.ofMillis(100))
                .untilAsserted(() -> assertThat(get("/latecomer/whoami").statusCode()).isEqualTo(503));

        consulApi().pass("latecomer-l1");

        await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(200))
                .untilAsserted(() -> assertThat(get("/latecomer/whoami").statusCode()).isEqualTo(200));
        assertThat(read(get("/latecomer/whoami")).get("name").asString()).isEqualTo("l1");
    }

    @Test
    void instanceTurningCriticalLeavesRotationWithinTwoSeconds() throws Exception {
        List<FakeInstance> started = startPassing("critical", 3);
        awaitRoutable("critical");
        awaitServedByAll("critical", started);
        FakeInstance failing = started.get(0);

        consulApi().fail("critical-" + failing.name());

        await().atMost(Duration.ofSeconds(2)).pollDelay(Duration.ZERO).pollInterval(Duration.ofMillis(50))
                .untilAsserted(() -> {
                    int before = failing.hits();
                    for (int i = 0; i < 6; i++) {
                        assertThat(get("/critical/whoami").statusCode()).isEqualTo(200);
                    }
                    assertThat(failing.hits()).as("requests still reaching the critical instance").isEqualTo(before);
                });
    }

    /**
     * These tests run as on Kubernetes ({@code spring.main.cloud-platform}), where Spring Boot would have Jetty take
     * every caller's {@code X-Forwarded-*} for its address, scheme and port: a caller could pass itself off as a
     * trusted proxy. The gateway reads them itself: the caller here is loopback, a trusted proxy, so its header is
     * appended to, not believed.
     */
    @Test
    void aCallersOwnForwardedHeadersNeverStandForItsAddress() throws Exception {
        startPassing("echo", 1);
        awaitRoutable("echo");

        JsonNode headers = read(send(HttpRequest.newBuilder(uri("/echo/echo")).header("X-Forwarded-For", "203.0.113.9")
                .header("X-Forwarded-Proto", "https").GET().build())).get("headers");

        assertThat(headers.path("x-forwarded-for").asText()).as("among %s", headers).isEqualTo("203.0.113.9, 127.0.0.1");
    }

    @Test
    void methodHeadersQueryAndBodyPassThroughWithForwardedHeaders() throws Exception {
        startPassing("echo", 1);
        awaitRoutable("echo");

        HttpResponse<String> response = send(HttpRequest.newBuilder(uri("/echo/echo/orders?id=7&tag=a%20b"))
                .header("X-Custom", "kept").header("Content-Type", "text/plain; charset=utf-8")
                .method("PUT", HttpRequest.BodyPublishers.ofString("payload with ümlaut")).build());

        assertThat(response.statusCode()).isEqualTo(200);
        JsonNode answer = read(response);
        assertThat(answer.get("method").asText()).isEqualTo("PUT");
        assertThat(answer.get("path").asText()).isEqualTo("/echo/orders");
        assertThat(answer.get("query").asText()).isEqualTo("id=7&tag=a%20b");
        assertThat(answer.get("body").asText()).isEqualTo("payload with ümlaut");
        JsonNode headers = answer.get("headers");
        assertThat(headers.path("x-custom").asText()).as("header x-custom among %s", headers).isEqualTo("kept");
        assertThat(headers.path("content-type").asText()).as("header content-type among %s", headers).startsWith("text/plain");
        assertThat(headers.path("x-forwarded-for").asText()).as("header x-forwarded-for among %s", headers).contains("127.0.0.1");
        assertThat(headers.path("x-forwarded-host").asText()).as("header x-forwarded-host among %s", headers).startsWith("127.0.0.1");
        assertThat(headers.path("x-forwarded-proto").asText()).as("header x-forwarded-proto among %s", headers).isEqualTo("http");
        assertThat(response.headers().allValues("X-Echoed-By")).as("the instance's own answer header")
                .containsExactly(answer.get("name").asText());
        assertThat(response.headers().allValues("Date")).as("Date headers of the answer").hasSize(1);
    }

    @Test
    void aStreamedBodyOfUnknownLengthArrivesWhole() throws Exception {
        startPassing("stream", 1);
        awaitRoutable("stream");
        String body = "line of a streamed body\n".repeat(2000);

        HttpResponse<String> response = send(HttpRequest.newBuilder(uri("/stream/echo"))
                .POST(HttpRequest.BodyPublishers.ofInputStream(
                        () -> new java.io.ByteArrayInputStream(body.getBytes(StandardCharsets.UTF_8))))
                .build());

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(read(response).get("body").asText()).isEqualTo(body);
    }

    @Test
    void aBodyUpToTheBufferLimitPassesAndALargerOneIsAnswered413Json() throws Exception {
        FakeInstance instance = startPassing("upload", 1).get(0);
        awaitRoutable("upload");
        byte[] atTheLimit = new byte[MAX_BUFFERED_BODY];
        Arrays.fill(atTheLimit, (byte) 'a');

        HttpResponse<String> passed = send(HttpRequest.newBuilder(uri("/upload/echo"))
                .POST(HttpRequest.BodyPublishers.ofByteArray(atTheLimit)).build());
        assertThat(passed.statusCode()).isEqualTo(200);
        assertThat(read(passed).get("body").asString()).hasSize(MAX_BUFFERED_BODY);

        int before = instance.hits();
        // waits for 100 Continue, which a refused body never gets: the body is not sent at all (Java's HttpClient 17
        // waits forever for an answer other than 100 to a request that expects it, hence a socket of its own)
        String refused = sendRaw("POST /upload/echo HTTP/1.1\r\nHost: gateway\r\nContent-Length: "
                + (MAX_BUFFERED_BODY + 1) + "\r\nExpect: 100-continue\r\n\r\n", 0);
        assert413Json(refused, "upload");
        assertThat(instance.hits()).as("requests that reached the instance").isEqualTo(before);
    }

    @Test
    void aChunkedBodyGrowingPastTheBufferLimitIsAnswered413Json() throws Exception {
        FakeInstance instance = startPassing("chunks", 1).get(0);
        awaitRoutable("chunks");
        int before = instance.hits();

        String refused = sendRaw("POST /chunks/echo HTTP/1.1\r\nHost: gateway\r\nTransfer-Encoding: chunked\r\n\r\n",
                MAX_BUFFERED_BODY + 1);

        assert413Json(refused, "chunks");
        assertThat(instance.hits()).as("requests that reached the instance").isEqualTo(before);
    }

    private static List<String> namesIn(JsonNode services) {
        List<String> names = new ArrayList<>();
        services.forEach(service -> names.add(service.get("name").asString()));
        return names;
    }

    private void assert413Json(String answer, String service) {
        assertThat(answer).startsWith("HTTP/1.1 413").containsIgnoringCase("Content-Type: application/json");
        JsonNode body = bodyOf(answer);
        assertThat(body.get("service").asString()).isEqualTo(service);
        assertThat(body.get("status").asInt()).isEqualTo(413);
        assertThat(body.get("hint").asString()).contains("gateway.proxy.max-buffered-body");
    }
}
