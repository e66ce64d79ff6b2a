package dev.servicegov.gateway.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * The gateway when instances misbehave: which failures are retried on another instance (GET and POST),
 * the JSON answers when none helps (502, 504 on a per-service timeout), an instance killed under load, and a
 * client that hangs up, which is no instance's fault. Setup in {@link GatewayITBase}.
 */
class GatewayResilienceIT extends GatewayITBase {

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
    void getIsRetriedOn503OnceOnEveryOtherInstanceButNeverOnTheSameOneNorOnOther5xx() throws Exception {
        List<FakeInstance> started = startPassing("errs", 1);
        awaitRoutable("errs");
        FakeInstance only = started.get(0);

        int before = only.hits();
        assertThat(get("/errs/status/500").statusCode()).isEqualTo(500);
        assertThat(only.hits() - before).as("a 500 is passed through, not retried").isEqualTo(1);

        before = only.hits();
        HttpResponse<String> alone = get("/errs/status/503");
        assertThat(alone.statusCode()).isEqualTo(503);
        assertThat(read(alone).get("name").asString()).as("the instance's own answer, passed on").isEqualTo(only.name());
        assertThat(only.hits() - before).as("a 503 from the only instance is not repeated on it").isEqualTo(1);

        List<FakeInstance> pair = startPassing("errs2", 2);
        awaitRoutable("errs2");
        awaitServedByAll("errs2", pair);
        int[] hitsBefore = {pair.get(0).hits(), pair.get(1).hits()};
        assertThat(get("/errs2/status/503").statusCode()).isEqualTo(503);
        assertThat(new int[] {pair.get(0).hits() - hitsBefore[0], pair.get(1).hits() - hitsBefore[1]})
                .as("a 503 is tried again on the other instance, then passed on: one try each").containsExactly(1, 1);
    }

    @Test
    void aServiceWithItsOwnRetriesOfNoneIsTriedOnce() throws Exception {
        List<FakeInstance> pair = startPassing("noretry", 2);
        awaitRoutable("noretry");
        awaitServedByAll("noretry", pair);
        int before = pair.get(0).hits() + pair.get(1).hits();
        assertThat(get("/noretry/status/503").statusCode()).isEqualTo(503);
        assertThat(pair.get(0).hits() + pair.get(1).hits() - before)
                .as("gateway.services.noretry.retries=0: one try, where the global setting gives the other instance one")
                .isEqualTo(1);
    }

    @Test
    void postIsRetriedOnlyWhenTheInstanceWasNeverReached() throws Exception {
        List<FakeInstance> started = startPassing("posts", 2);
        awaitRoutable("posts");
        awaitServedByAll("posts", started);
        FakeInstance alive = started.get(1);

        started.get(0).close(); // refuses connections; its check still passes
        for (int i = 0; i < 6; i++) {
            HttpResponse<String> response = send(HttpRequest.newBuilder(uri("/posts/echo"))
                    .POST(HttpRequest.BodyPublishers.ofString("{\"n\":" + i + "}")).build());
            assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
            assertThat(read(response).get("name").asString()).isEqualTo(alive.name());
        }

        FakeInstance answering = startPassing("posted", 1).get(0);
        awaitRoutable("posted");
        int before = answering.hits();
        assertThat(send(HttpRequest.newBuilder(uri("/posted/status/503"))
                .POST(HttpRequest.BodyPublishers.ofString("{}")).build()).statusCode()).isEqualTo(503);
        assertThat(answering.hits() - before).as("a POST that reached its instance is not repeated").isEqualTo(1);
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
    void killingOneOfThreeInstancesUnderASteadyLoadCostsNoRequest() throws Exception {
        List<FakeInstance> started = startPassing("steady", 3);
        awaitRoutable("steady");
        awaitServedByAll("steady", started);
        FakeInstance killed = started.get(1);
        List<String> failures = java.util.Collections.synchronizedList(new ArrayList<>());
        java.util.concurrent.atomic.AtomicInteger done = new java.util.concurrent.atomic.AtomicInteger();
        java.util.concurrent.ExecutorService clients = java.util.concurrent.Executors.newFixedThreadPool(4);
        try {
            List<java.util.concurrent.Future<?>> loops = new ArrayList<>();
            for (int client = 0; client < 4; client++) {
                loops.add(clients.submit(() -> {
                    for (int i = 0; i < 50; i++) {
                        HttpResponse<String> response = get("/steady/whoami");
                        if (response.statusCode() != 200) {
                            failures.add(response.statusCode() + " " + response.body());
                        }
                        done.incrementAndGet();
                        Thread.sleep(10);
                    }
                    return null;
                }));
            }
            await().atMost(Duration.ofSeconds(20)).until(() -> done.get() >= 50);
            killed.close(); // its Consul check keeps passing: only retry + put-aside protect the callers
            for (java.util.concurrent.Future<?> loop : loops) {
                loop.get(60, java.util.concurrent.TimeUnit.SECONDS);
            }
        } finally {
            clients.shutdownNow();
        }

        assertThat(done.get()).isEqualTo(200);
        assertThat(failures).as("failed requests").isEmpty();
        JsonNode steady = serviceStatus("steady");
        JsonNode killedState = null;
        for (JsonNode instance : steady.get("instances")) {
            if (instance.get("id").asString().equals("steady-" + killed.name())) {
                killedState = instance;
            }
        }
        assertThat(killedState).as("the killed instance in %s", steady).isNotNull();
        assertThat(killedState.get("putAside").asBoolean()).as("put aside: %s", killedState).isTrue();
        assertThat(get("/actuator/prometheus").body()).as("retries were counted")
                .containsPattern("gateway_upstream_retries_total\\{service=\"steady\"} [1-9]");
    }

    @Test
    void perServiceResponseTimeoutAnswers504Json() throws Exception {
        startPassing("slow", 1);
        awaitRoutable("slow");
        startPassing("patient", 1);
        awaitRoutable("patient");

        long started = System.nanoTime();
        HttpResponse<String> timedOut = get("/slow/sleep/3000");
        Duration took = Duration.ofNanos(System.nanoTime() - started);

        assertErrorJson(timedOut, 504, "slow");
        assertThat(took).as("3 tries of 500 ms, not one of 3 s").isLessThan(Duration.ofMillis(2800));
        assertThat(get("/patient/sleep/1000").statusCode()).as("the global timeout elsewhere").isEqualTo(200);
    }

    @Test
    void aClientHangingUpMidAnswerPutsNoInstanceAside() throws Exception {
        List<FakeInstance> started = startPassing("hangup", 2);
        awaitRoutable("hangup");
        awaitServedByAll("hangup", started);

        readTheFirstBytesAndHangUp("/hangup/drip/500");

        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(serviceStatus("hangup").get("instances"))
                .allSatisfy(instance -> assertThat(instance.get("inFlight").asInt()).as("in flight").isZero()));
        assertThat(serviceStatus("hangup").get("instances"))
                .allSatisfy(instance -> assertThat(instance.get("putAside").asBoolean()).as("%s", instance).isFalse());
        Set<String> servedBy = new HashSet<>();
        for (int i = 0; i < 4; i++) {
            servedBy.add(read(get("/hangup/whoami")).get("name").asString());
        }
        assertThat(servedBy).as("instances still chosen").hasSize(2);
        String metrics = get("/actuator/prometheus").body();
        assertThat(metrics.lines().filter(line -> line.startsWith("gateway_upstream_errors_total"))
                .filter(line -> line.contains("service=\"hangup\""))).as("upstream errors").isEmpty();
        assertThat(metrics).containsPattern(
                "gateway_upstream_requests_seconds_count\\{[^}]*outcome=\"client_closed\",service=\"hangup\"} 1");
    }

    /** A client that reads the status line and a little more of the answer, then resets the connection. */
    private void readTheFirstBytesAndHangUp(String path) throws IOException {
        URI gateway = uri(path);
        try (Socket client = new Socket(gateway.getHost(), gateway.getPort())) {
            OutputStream out = client.getOutputStream();
            out.write(("GET " + path + " HTTP/1.1\r\nHost: gateway\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            out.flush();
            String start = new String(client.getInputStream().readNBytes(4096), StandardCharsets.ISO_8859_1);
            assertThat(start).startsWith("HTTP/1.1 200");
            client.setSoLinger(true, 0);
        }
    }
}
