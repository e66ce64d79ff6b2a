package dev.servicegov.gateway.balancer.policy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import dev.servicegov.gateway.instances.InFlightRequests;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

import org.springframework.cloud.client.DefaultServiceInstance;
import org.springframework.cloud.client.ServiceInstance;
import org.springframework.cloud.client.loadbalancer.RequestData;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.util.LinkedMultiValueMap;
import org.springframework.util.MultiValueMap;

/** Each policy on fake instance lists: how its choices spread. */
class PolicyDistributionTest {

    private static ServiceInstance instance(String id, Map<String, String> meta) {
        return new DefaultServiceInstance(id, "svc", "10.0.0." + id.charAt(id.length() - 1), 8080, false, meta);
    }

    private static final List<ServiceInstance> THREE = List.of(instance("a1", Map.of()), instance("a2", Map.of()),
            instance("a3", Map.of()));

    private static Map<String, Integer> count(LoadBalancingPolicy policy, List<ServiceInstance> instances, int calls) {
        Map<String, Integer> counts = new HashMap<>();
        for (int i = 0; i < calls; i++) {
            counts.merge(policy.choose(instances, null).getInstanceId(), 1, Integer::sum);
        }
        return counts;
    }

    private static RequestData request(String header, String headerValue, String cookie, String cookieValue) {
        HttpHeaders headers = new HttpHeaders();
        if (header != null) {
            headers.add(header, headerValue);
        }
        MultiValueMap<String, String> cookies = new LinkedMultiValueMap<>();
        if (cookie != null) {
            cookies.add(cookie, cookieValue);
        }
        return new RequestData(HttpMethod.GET, java.net.URI.create("http://svc/x"), headers, cookies, Map.of());
    }

    @Test
    void roundRobinTakesEachInstanceInTurn() {
        RoundRobinPolicy policy = new RoundRobinPolicy();
        List<String> chosen = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            chosen.add(policy.choose(THREE, null).getInstanceId());
        }
        assertThat(chosen).containsExactly("a1", "a2", "a3", "a1", "a2", "a3");
    }

    @Test
    void randomSpreadsEvenly() {
        Map<String, Integer> counts = count(new RandomPolicy(), THREE, 30_000);
        assertThat(counts).containsOnlyKeys("a1", "a2", "a3");
        counts.values().forEach(n -> assertThat(n / 30_000.0).isCloseTo(1 / 3.0, within(0.03)));
    }

    @Test
    void weightedFollowsTheWeightsExactlyAndSmoothly() {
        List<ServiceInstance> weighted = List.of(instance("w1", Map.of("weight", "1")),
                instance("w2", Map.of("weight", "3")), instance("w3", Map.of("weight", "6")));
        WeightedPolicy policy = new WeightedPolicy("weight");
        List<String> chosen = new ArrayList<>();
        for (int i = 0; i < 1000; i++) {
            chosen.add(policy.choose(weighted, null).getInstanceId());
        }
        Map<String, Long> counts = new HashMap<>();
        chosen.forEach(id -> counts.merge(id, 1L, Long::sum));
        assertThat(counts).containsEntry("w1", 100L).containsEntry("w2", 300L).containsEntry("w3", 600L);
        // smooth: every window of 10 calls holds each instance's share
        for (int start = 0; start < 1000; start += 10) {
            assertThat(chosen.subList(start, start + 10)).filteredOn("w3"::equals).hasSize(6);
        }
    }

    @Test
    void weightedReadsMissingOrBadWeightsAsOneAndLeavesZeroOut() {
        WeightedPolicy policy = new WeightedPolicy("weight");
        List<ServiceInstance> mixed = List.of(instance("m1", Map.of()), instance("m2", Map.of("weight", "x")),
                instance("m3", Map.of("weight", "0")), instance("m4", Map.of("weight", "2")));
        Map<String, Integer> counts = count(policy, mixed, 400);
        assertThat(counts).doesNotContainKey("m3").containsEntry("m1", 100).containsEntry("m2", 100)
                .containsEntry("m4", 200);
        List<ServiceInstance> allZero = List.of(instance("z1", Map.of("weight", "0")), instance("z2", Map.of("weight", "0")));
        assertThat(count(new WeightedPolicy("weight"), allZero, 10)).containsEntry("z1", 5).containsEntry("z2", 5);
    }

    @Test
    void aBadWeightCountsAsOneAndIsLoggedOnceAsAWarning() {
        Logger policyLog = (Logger) LoggerFactory.getLogger(WeightedPolicy.class);
        ListAppender<ILoggingEvent> logged = new ListAppender<>();
        logged.start();
        policyLog.addAppender(logged);
        try {
            WeightedPolicy policy = new WeightedPolicy("weight");
            for (String bad : List.of("-1", "2.5", "99999999999", "x", "")) {
                assertThat(policy.weightOf(instance("b1", Map.of("weight", bad)))).as(bad).isEqualTo(1);
            }
            assertThat(policy.weightOf(instance("g1", Map.of("weight", " 2147483647 ")))).isEqualTo(Integer.MAX_VALUE);
            assertThat(policy.weightOf(instance("g2", Map.of("weight", "0")))).isZero();
            List<ServiceInstance> instances = List.of(instance("b1", Map.of("weight", "2.5")), instance("g3", Map.of()));
            assertThat(count(policy, instances, 100)).containsEntry("b1", 50).containsEntry("g3", 50);
            assertThat(logged.list).hasSize(5).allSatisfy(event -> {
                assertThat(event.getLevel()).isEqualTo(Level.WARN);
                assertThat(event.getFormattedMessage()).contains("b1", "weight=", "counts as 1");
            });
        } finally {
            policyLog.detachAppender(logged);
        }
    }

    @Test
    void leastRequestsAvoidsBusyInstancesAndRotatesAmongEquals() {
        InFlightRequests inFlight = new InFlightRequests();
        inFlight.started(THREE.get(0));
        inFlight.started(THREE.get(0));
        inFlight.started(THREE.get(1));
        LeastRequestsPolicy policy = new LeastRequestsPolicy(inFlight);
        assertThat(count(policy, THREE, 50)).containsOnlyKeys("a3");

        inFlight.finished(THREE.get(0));
        inFlight.finished(THREE.get(0));
        inFlight.finished(THREE.get(1));
        assertThat(count(policy, THREE, 300)).containsEntry("a1", 100).containsEntry("a2", 100).containsEntry("a3", 100);
    }

    @Test
    void powerOfTwoNeverPicksTheBusiestAndFavoursTheIdlest() {
        InFlightRequests inFlight = new InFlightRequests();
        for (int i = 0; i < 5; i++) {
            inFlight.started(THREE.get(0));
        }
        inFlight.started(THREE.get(1));
        Map<String, Integer> counts = count(new PowerOfTwoPolicy(inFlight), THREE, 30_000);
        assertThat(counts).doesNotContainKey("a1");
        // a3 (idle) wins every pair it is in (2 of 3 pairs), a2 only the pair {a1, a2}
        assertThat(counts.get("a3") / 30_000.0).isCloseTo(2 / 3.0, within(0.03));
        assertThat(counts.get("a2") / 30_000.0).isCloseTo(1 / 3.0, within(0.03));
    }

    @Test
    void powerOfTwoWithoutLoadSpreadsEvenly() {
        Map<String, Integer> counts = count(new PowerOfTwoPolicy(new InFlightRequests()), THREE, 30_000);
        counts.values().forEach(n -> assertThat(n / 30_000.0).isCloseTo(1 / 3.0, within(0.03)));
    }

    @Test
    void stickyKeepsAHeaderOrCookieOnOneInstance() {
        StickyPolicy policy = new StickyPolicy("X-Session", "SESSION", new RoundRobinPolicy());
        for (int client = 0; client < 50; client++) {
            RequestData byHeader = request("X-Session", "client-" + client, null, null);
            String first = policy.choose(THREE, byHeader).getInstanceId();
            for (int i = 0; i < 5; i++) {
                assertThat(policy.choose(THREE, byHeader).getInstanceId()).isEqualTo(first);
            }
            RequestData byCookie = request(null, null, "SESSION", "client-" + client);
            assertThat(policy.choose(THREE, byCookie).getInstanceId()).as("same value, header or cookie").isEqualTo(first);
        }
    }

    @Test
    void stickySpreadsClientsAndOnlyMovesThoseOfALeavingInstance() {
        StickyPolicy policy = new StickyPolicy("X-Session", null, new RoundRobinPolicy());
        Map<String, String> placement = new HashMap<>();
        Map<String, Integer> perInstance = new HashMap<>();
        for (int client = 0; client < 3000; client++) {
            String id = policy.choose(THREE, request("X-Session", "c" + client, null, null)).getInstanceId();
            placement.put("c" + client, id);
            perInstance.merge(id, 1, Integer::sum);
        }
        perInstance.values().forEach(n -> assertThat(n / 3000.0).isCloseTo(1 / 3.0, within(0.05)));

        List<ServiceInstance> withoutA2 = List.of(THREE.get(0), THREE.get(2));
        placement.forEach((client, before) -> {
            String after = policy.choose(withoutA2, request("X-Session", client, null, null)).getInstanceId();
            if (!before.equals("a2")) {
                assertThat(after).as(client).isEqualTo(before);
            }
        });
    }

    @Test
    void anInstanceCookieNamingAUsableInstanceSendsTheClientBackThere() {
        StickyPolicy policy = new StickyPolicy("X-Session", null, "sc-instance", new RoundRobinPolicy());
        for (String id : List.of("a1", "a2", "a3")) {
            for (int i = 0; i < 3; i++) {
                assertThat(policy.choose(THREE, request(null, null, "sc-instance", id)).getInstanceId()).isEqualTo(id);
            }
        }
        RequestData toA3 = request("X-Session", "client-1", "sc-instance", "a3");
        assertThat(policy.choose(THREE, toA3).getInstanceId()).as("the cookie before the header's hash").isEqualTo("a3");

        List<ServiceInstance> withoutA3 = List.of(THREE.get(0), THREE.get(1));
        String byHash = policy.choose(withoutA3, request("X-Session", "client-1", null, null)).getInstanceId();
        assertThat(policy.choose(withoutA3, toA3).getInstanceId()).as("a3 gone: the header decides").isEqualTo(byHash);
        RequestData onlyAGoneInstance = request(null, null, "sc-instance", "a3");
        assertThat(List.of(policy.choose(withoutA3, onlyAGoneInstance).getInstanceId(),
                policy.choose(withoutA3, onlyAGoneInstance).getInstanceId())).as("then round robin").containsExactly("a1", "a2");
    }

    @Test
    void anInstanceCookieCarriesAnyInstanceIdAndAMalformedOneIsNoneAtAll() {
        StickyPolicy policy = new StickyPolicy("X-Session", null, "sc-instance", new RoundRobinPolicy());
        ServiceInstance odd = new DefaultServiceInstance("a 4 \"x\";+%", "svc", "10.0.0.4", 80, false);
        List<ServiceInstance> four = List.of(THREE.get(0), THREE.get(1), THREE.get(2), odd);

        String cookie = StickyPolicy.instanceCookieValue(odd.getInstanceId());

        assertThat(cookie).isEqualTo("a%204%20%22x%22%3B%2B%25");
        assertThat(policy.choose(four, request(null, null, "sc-instance", cookie))).isSameAs(odd);
        assertThat(StickyPolicy.instanceIdIn("%zz")).isNull();
        assertThat(policy.choose(four, request(null, null, "sc-instance", "%zz"))).as("round robin").isNotNull();
    }

    @Test
    void stickyWithoutAValueFallsBackToRoundRobin() {
        StickyPolicy policy = new StickyPolicy("X-Session", "SESSION", new RoundRobinPolicy());
        RequestData none = request(null, null, null, null);
        assertThat(List.of(policy.choose(THREE, none).getInstanceId(), policy.choose(THREE, none).getInstanceId(),
                policy.choose(THREE, none).getInstanceId())).containsExactly("a1", "a2", "a3");
        assertThat(policy.choose(THREE, null)).isNotNull();
    }
}
