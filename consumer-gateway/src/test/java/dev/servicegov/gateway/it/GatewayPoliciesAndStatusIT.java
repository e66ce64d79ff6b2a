package dev.servicegov.gateway.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.CookieManager;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * Per-service balancing policies, the {@code /services} list, the status page (JSON, metrics and, in
 * headless Debian {@code chromium}, the rendered page; see {@link HeadlessChromium} for when that test is
 * skipped or fails) and health. Setup in {@link GatewayITBase}.
 */
class GatewayPoliciesAndStatusIT extends GatewayITBase {

    /** Every attribute the page's own markup uses. */
    private static final Set<String> PAGE_ATTRIBUTES = Set.of("lang", "charset", "name", "content", "rel", "href", "id", "class",
            "role", "aria-live", "scope", "colspan", "style", "data-service", "data-instance");

    @Test
    void servicesListsEveryServiceWithItsHealthyInstances() throws Exception {
        List<FakeInstance> started = startPassing("listed", 2);
        FakeInstance unhealthy = FakeInstance.start("u1");
        instances.add(unhealthy);
        consulApi().register("listed", "listed-u1", unhealthy.port(), "t", "test");

        // the gateway follows Consul through its watches: a moment after the checks pass, it lists them
        JsonNode listed = await("both passing instances listed").atMost(Duration.ofSeconds(5))
                .pollInterval(Duration.ofMillis(100)).until(() -> listedService("listed"), service -> service != null
                        && service.get("instances").size() == 2 && service.hasNonNull("lastChanged"));
        assertThat(listed.get("instances")).hasSize(2);
        JsonNode first = listed.get("instances").get(0);
        assertThat(first.get("id").asString()).isEqualTo("listed-" + started.get(0).name());
        assertThat(first.get("host").asString()).isEqualTo("127.0.0.1");
        assertThat(first.get("port").asInt()).isEqualTo(started.get(0).port());
        assertThat(first.get("tags").get(0).asString()).isEqualTo("web");
        assertThat(first.get("metadata").get("owner").asString()).isEqualTo("it");

        Instant changed = Instant.parse(listed.get("lastChanged").asString());
        FakeInstance added = FakeInstance.start("l3");
        instances.add(added);
        consulApi().register("listed", "listed-l3", added.port(), "web", "it");
        consulApi().pass("listed-l3");
        JsonNode grown = await("the added instance listed").atMost(Duration.ofSeconds(5))
                .pollInterval(Duration.ofMillis(100)).until(() -> listedService("listed"),
                        service -> service.get("instances").size() == 3);
        assertThat(Instant.parse(grown.get("lastChanged").asString())).isAfter(changed);
    }

    private JsonNode listedService(String name) throws Exception {
        HttpResponse<String> response = get("/services");
        assertThat(response.statusCode()).isEqualTo(200);
        for (JsonNode service : read(response)) {
            if (service.get("name").asString().equals(name)) {
                return service;
            }
        }
        return null;
    }

    @Test
    void perServicePoliciesTakeEffect() throws Exception {
        FakeInstance light = FakeInstance.start("w1");
        FakeInstance heavy = FakeInstance.start("w2");
        instances.add(light);
        instances.add(heavy);
        consulApi().register("weighted", "weighted-w1", light.port(), "t", Map.of("weight", "1"));
        consulApi().register("weighted", "weighted-w2", heavy.port(), "t", Map.of("weight", "3"));
        consulApi().pass("weighted-w1");
        consulApi().pass("weighted-w2");
        awaitRoutable("weighted");
        awaitServedByAll("weighted", List.of(light, heavy));

        Map<String, Long> weighted = new HashMap<>();
        for (int i = 0; i < 40; i++) {
            weighted.merge(read(get("/weighted/whoami")).get("name").asString(), 1L, Long::sum);
        }
        assertThat(weighted).as("weights 1:3").containsEntry("w1", 10L).containsEntry("w2", 30L);

        List<FakeInstance> sticky = startPassing("sticky", 3);
        awaitRoutable("sticky");
        awaitServedByAll("sticky", sticky);
        Set<String> used = new java.util.HashSet<>();
        for (int session = 0; session < 12; session++) {
            Set<String> servedThisSession = new java.util.HashSet<>();
            for (int i = 0; i < 5; i++) {
                HttpResponse<String> response = send(HttpRequest.newBuilder(uri("/sticky/whoami"))
                        .header("X-Session", "session-" + session).GET().build());
                servedThisSession.add(read(response).get("name").asString());
            }
            assertThat(servedThisSession).as("session %s", session).hasSize(1);
            used.addAll(servedThisSession);
        }
        assertThat(used).as("sessions spread over the instances").hasSizeGreaterThan(1);
    }

    @Test
    void aHintSendsARequestOnlyToTheInstancesWhoseMetaHintMatches() throws Exception {
        FakeInstance canary = null;
        for (String name : List.of("canary", "stable1", "stable2")) {
            FakeInstance instance = FakeInstance.start(name);
            instances.add(instance);
            if (name.equals("canary")) {
                canary = instance;
            }
            consulApi().register("hinted", "hinted-" + name, instance.port(), "t",
                    Map.of("hint", name.startsWith("stable") ? "stable" : name));
            consulApi().pass("hinted-" + name);
        }
        await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(100))
                .until(() -> listedService("hinted"), service -> service != null && service.get("instances").size() == 3);

        Map<String, Long> withHeader = new HashMap<>();
        Map<String, Long> withoutHeader = new HashMap<>();
        for (int i = 0; i < 8; i++) {
            HttpResponse<String> response = send(HttpRequest.newBuilder(uri("/hinted/whoami"))
                    .header("X-SC-LB-Hint", "canary").GET().build());
            withHeader.merge(read(response).get("name").asString(), 1L, Long::sum);
        }
        for (int i = 0; i < 8; i++) {
            withoutHeader.merge(read(get("/hinted/whoami")).get("name").asString(), 1L, Long::sum);
        }
        assertThat(withHeader).as("the header's hint").containsOnlyKeys("canary");
        assertThat(withoutHeader).as("spring.cloud.loadbalancer.hint.hinted=stable").containsOnlyKeys("stable1", "stable2")
                .containsEntry("stable1", 4L);

        int before = canary.hits();
        HttpResponse<String> overloaded = send(HttpRequest.newBuilder(uri("/hinted/status/503"))
                .header("X-SC-LB-Hint", "canary").GET().build());
        assertThat(overloaded.statusCode()).isEqualTo(503);
        assertThat(read(overloaded).get("name").asString()).as("the only canary's own answer, passed on").isEqualTo("canary");
        assertThat(canary.hits() - before).as("one try: the hint leaves no other instance to retry on").isEqualTo(1);
    }

    @Test
    void anInstanceCookieKeepsABrowserOnTheInstanceThatAnsweredUntilItFails() throws Exception {
        List<FakeInstance> pinned = startPassing("pinned", 3);
        awaitRoutable("pinned");
        awaitServedByAll("pinned", pinned);
        HttpClient browser = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .cookieHandler(new CookieManager()).build();

        HttpResponse<String> first = browser.send(HttpRequest.newBuilder(uri("/pinned/whoami")).GET().build(),
                HttpResponse.BodyHandlers.ofString());
        String servedFirst = read(first).get("name").asString();
        assertThat(first.headers().firstValue("Set-Cookie")).hasValueSatisfying(cookie -> assertThat(cookie)
                .startsWith("sc-instance=pinned-" + servedFirst + ";").contains("Path=/pinned").containsIgnoringCase("httponly"));
        for (int i = 0; i < 10; i++) {
            HttpResponse<String> next = browser.send(HttpRequest.newBuilder(uri("/pinned/whoami")).GET().build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(read(next).get("name").asString()).as("request %s", i).isEqualTo(servedFirst);
            assertThat(next.headers().firstValue("Set-Cookie")).as("the cookie already names it").isEmpty();
        }

        consulApi().fail("pinned-" + servedFirst);
        await("a new instance, named by a new cookie").atMost(Duration.ofSeconds(5))
                .untilAsserted(() -> assertThat(read(browser.send(HttpRequest.newBuilder(uri("/pinned/whoami")).GET().build(),
                        HttpResponse.BodyHandlers.ofString())).get("name").asString()).isNotEqualTo(servedFirst));
        Set<String> servedAfter = new java.util.HashSet<>();
        for (int i = 0; i < 10; i++) {
            servedAfter.add(read(browser.send(HttpRequest.newBuilder(uri("/pinned/whoami")).GET().build(),
                    HttpResponse.BodyHandlers.ofString())).get("name").asString());
        }
        assertThat(servedAfter).as("stays on its new instance").hasSize(1).doesNotContain(servedFirst);
    }

    @Test
    void statusPageJsonAndMetricsShowTheTraffic() throws Exception {
        List<FakeInstance> started = startPassing("shown", 2);
        awaitRoutable("shown");
        for (int i = 0; i < 10; i++) {
            assertThat(get("/shown/whoami").statusCode()).isEqualTo(200);
        }

        HttpResponse<String> page = get("/");
        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.headers().firstValue("Content-Type")).hasValueSatisfying(type -> assertThat(type).startsWith("text/html"));
        assertThat(page.body()).contains("/services/status", "setInterval");

        JsonNode shown = serviceStatus("shown");
        assertThat(shown.get("policy").asString()).isEqualTo("round-robin");
        assertThat(shown.get("instances")).hasSize(2);
        long recent = 0;
        for (JsonNode instance : shown.get("instances")) {
            assertThat(instance.get("recentRequests").asLong()).as("%s", instance).isPositive();
            recent += instance.get("recentRequests").asLong();
        }
        assertThat(recent).isGreaterThanOrEqualTo(10);
        assertThat(read(get("/services/status")).get("consul").get("state").asString()).isEqualTo("reachable");

        String metrics = get("/actuator/prometheus").body();
        assertThat(metrics).contains("gateway_upstream_requests_seconds_bucket{",
                "instance=\"shown-" + started.get(0).name() + "\"", "gateway_instances_updates_total{service=\"shown\"}",
                "gateway_instances_passing{service=\"shown\"} 2.0");
    }

    @Test
    void statusPageRendersTheSpreadInAHeadlessBrowser() throws Exception {
        HeadlessChromium chromium = HeadlessChromium.findOrSkip();
        FakeInstance canary = FakeInstance.start("pc");
        instances.add(canary);
        consulApi().register("paged", "paged-pc", canary.port(), "web", Map.of("hint", "canary"));
        consulApi().pass("paged-pc");
        List<FakeInstance> started = List.of(startPassing("paged", 1).get(0), canary);
        awaitRoutable("paged");
        awaitServedByAll("paged", started);
        for (int i = 0; i < 7; i++) {
            assertThat(get("/paged/whoami").statusCode()).isEqualTo(200);
        }
        Map<String, Long> spread = new HashMap<>();
        for (JsonNode instance : serviceStatus("paged").get("instances")) {
            spread.put(instance.get("id").asString(), instance.get("recentRequests").asLong());
        }
        long total = spread.values().stream().mapToLong(Long::longValue).sum();

        String dom = chromium.dumpDom(uri("/").toString(), 5000);

        assertThat(dom).as(dom).contains("data-service=\"paged\"",
                "data-instance=\"paged-" + started.get(0).name() + "\"",
                "data-instance=\"paged-" + started.get(1).name() + "\"", "reachable");
        assertThat(dom).doesNotContain("loading…");
        assertThat(dom).as("the canary's hint, next to its id").contains("paged-pc <span class=\"hint\">canary</span>");
        assertThat(spread).as("the requests each instance served").hasSize(2).allSatisfy((id, served) -> {
            assertThat(served).as(id).isPositive();
            String row = dom.substring(dom.indexOf("data-instance=\"" + id + "\""));
            long share = Math.round(100.0 * served / total);
            // the figures, then a bar two pixels wide per percent
            assertThat(row.substring(0, row.indexOf("</tr>"))).as(dom)
                    .contains("<td class=\"recent\">" + served + " (" + share + "%)", "width:" + share * 2 + "px");
        });
    }

    /** Anyone who can register in Consul names services and instances: the page must show them, never run them. */
    @Test
    void statusPageShowsNamesFromConsulAsTextNotMarkup() throws Exception {
        HeadlessChromium chromium = HeadlessChromium.findOrSkip();
        String service = "hostile\"><img src=x onerror=\"document.title='injected'\">";
        String id = "hostile-1\" onmouseover=\"document.title='injected'";
        FakeInstance instance = FakeInstance.start("h1");
        instances.add(instance);
        consulApi().register(service, id, instance.port(), "t", "it");
        consulApi().pass(id);
        await("the watch sees the instance").atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(200))
                .untilAsserted(() -> assertThat(serviceStatus(service).get("instances")).hasSize(1));

        String dom = chromium.dumpDom(uri("/").toString(), 5000);

        List<DumpedDom.Element> elements = DumpedDom.elements(dom);
        assertThat(elements).as(dom)
                .anySatisfy(element -> assertThat(element.attributes()).containsEntry("data-service", service))
                .anySatisfy(element -> assertThat(element.attributes()).containsEntry("data-instance", id))
                .allSatisfy(element -> assertThat(element.attributes().keySet()).isSubsetOf(PAGE_ATTRIBUTES))
                .noneSatisfy(element -> assertThat(element.name()).isEqualTo("img"));
        assertThat(dom).contains("<h2>" + asText(service) + "</h2>", "<td>" + asText(id) + "</td>");
    }

    /** As Chromium prints text: quotes stay, markup characters are escaped. */
    private static String asText(String value) {
        return value.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
    }

    @Test
    void healthStaysUpAndNamesConsulsState() throws Exception {
        JsonNode health = json.readTree(get("/actuator/health").body());
        assertThat(health.get("status").asString()).isEqualTo("UP");
        assertThat(health.get("components").get("consulWatch").get("details").get("consul").asString())
                .isEqualTo("reachable");
    }
}
