package dev.servicegov.registrator.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import dev.servicegov.registrator.RegistratorApplication;
import dev.servicegov.testsupport.RequiresDocker;
import dev.servicegov.testsupport.TestConsul;
import dev.servicegov.testsupport.TestImages;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.core.ParameterizedTypeReference;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.web.client.RestClient;
import org.testcontainers.consul.ConsulContainer;
import org.testcontainers.containers.GenericContainer;

/**
 * {@code SERVICE_CHECK_PORT} (registrator #524), {@code SERVICE_CHECK_HEADER} (#659) and {@code SERVICE_CHECKS} (#430)
 * against the real engine and Consul: the container serves on 8080, which answers 503, and its health on 8081, which
 * answers 401 unless the request carries the header; so the check passes only if Consul probes 8081 and sends the
 * header. {@code /registrations} names the header but not its value.
 */
@RequiresDocker
@DirtiesContext
@SpringBootTest(classes = RegistratorApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class RegistratorHttpCheckIT {

    static final ParameterizedTypeReference<Map<String, Map<String, Object>>> CHECKS = new ParameterizedTypeReference<>() { };
    static final String RUN_LABEL = "registrator-it-run";
    static final String RUN = UUID.randomUUID().toString();
    static final String SECRET = "consul-" + RUN.substring(0, 8);
    /** nginx, as a user that needs no passwd entry: 503 on 8080, and on 8081 /health 200 only with the header. */
    static final String GUARDED_HEALTH = "printf 'pid /tmp/nginx.pid; error_log stderr; events {} http { access_log off; "
            + "client_body_temp_path /tmp/b; proxy_temp_path /tmp/p; fastcgi_temp_path /tmp/f; uwsgi_temp_path /tmp/u; "
            + "scgi_temp_path /tmp/s; server { listen 8080; location / { return 503; } } "
            + "server { listen 8081; location /health { if ($http_x_check != \"" + SECRET + "\") "
            + "{ return 401; } return 200 ok; } } }' > /tmp/nginx.conf && exec nginx -c /tmp/nginx.conf -g 'daemon off;'";

    static ConsulContainer consul;

    @Value("${local.server.port}")
    int agentPort;

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        consul = TestConsul.create();
        consul.start();
        registry.add("registrator.registry-uri", () -> "http://127.0.0.1:" + consul.getMappedPort(8500));
        registry.add("registrator.container-label", () -> RUN_LABEL + "=" + RUN);
    }

    @AfterAll
    static void stopConsul() {
        if (consul != null) {
            consul.stop();
        }
    }

    static GenericContainer<?> guarded(String serviceName, String headerLabel) {
        return new GenericContainer<>(TestImages.dockerApiProxy())
                .withCreateContainerCmdModifier(cmd -> cmd.withUser("65534:65534").withEntrypoint("sh"))
                .withCommand("-c", GUARDED_HEALTH).withExposedPorts(8080)
                // the image exposes 80 too
                .withLabel(RUN_LABEL, RUN).withLabel("SERVICE_8080_NAME", serviceName).withLabel("SERVICE_80_IGNORE", "true")
                .withLabel("SERVICE_CHECK_HTTP", "/health").withLabel("SERVICE_CHECK_INTERVAL", "1s")
                .withLabel("SERVICE_CHECK_PORT", "8081")
                .withLabel("SERVICE_CHECK_HEADER", headerLabel);
    }

    /** The agent's own view: the catalog takes a check's new output only when its status changes (or minutes later). */
    static List<Map<String, Object>> checks(String name) {
        Map<String, Map<String, Object>> checks = RestClient.create("http://127.0.0.1:" + consul.getMappedPort(8500)).get()
                .uri("/v1/agent/checks").retrieve().body(CHECKS);
        return checks.values().stream().filter(check -> name.equals(check.get("ServiceName"))).toList();
    }

    @Test
    void theHttpCheckProbesTheCheckPortWithTheHeadersAndRegistrationsHideTheirValues() {
        try (GenericContainer<?> withHeader = guarded("it-header", "{\"X-Check\": [\"" + SECRET + "\"]}");
                GenericContainer<?> wrongHeader = guarded("it-wrong-header", "{\"X-Check\": \"guess\"}")) {
            withHeader.start();
            wrongHeader.start();
            await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(250)).untilAsserted(() -> {
                assertThat(checks("it-header")).singleElement().satisfies(check -> assertThat(check)
                        .containsEntry("Status", "passing")
                        .hasEntrySatisfying("Output", output -> assertThat(output.toString()).contains(":8081/health")));
                assertThat(checks("it-wrong-header")).singleElement().satisfies(check -> assertThat(check)
                        .containsEntry("Status", "critical")
                        .hasEntrySatisfying("Output", output -> assertThat(output.toString()).contains("401")));
            });
            String registrations = RestClient.create("http://127.0.0.1:" + agentPort).get().uri("/registrations")
                    .retrieve().body(String.class);
            assertThat(registrations).contains("\"headers\":{\"X-Check\":[\"(hidden)\"]}").doesNotContain(SECRET);
        }
    }

    @Test
    void extraChecksAreConsulChecksOfTheServiceWhichPassesOnlyWhenAllDo() {
        String header = "{\"X-Check\": \"" + SECRET + "\"}";
        try (GenericContainer<?> allPass = guarded("it-extra-pass", header)
                .withLabel("SERVICE_CHECKS", "[{\"http\": \"/health\", \"port\": 8081, \"header\": " + header + ", \"interval\": \"1s\"}]");
                GenericContainer<?> oneFails = guarded("it-extra-fail", header)
                        .withLabel("SERVICE_CHECKS", "[{\"http\": \"/\", \"port\": 8080, \"interval\": \"1s\"}]")) {
            allPass.start();
            oneFails.start();
            await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(250)).untilAsserted(() -> {
                assertThat(checks("it-extra-pass")).extracting(check -> check.get("CheckID") + " " + check.get("Status"))
                        .containsExactlyInAnyOrder(checkId(allPass) + " passing", checkId(allPass) + ":2 passing");
                assertThat(checks("it-extra-fail")).extracting(check -> check.get("CheckID") + " " + check.get("Status"))
                        .containsExactlyInAnyOrder(checkId(oneFails) + " passing", checkId(oneFails) + ":2 critical");
            });
            RestClient consulApi = RestClient.create("http://127.0.0.1:" + consul.getMappedPort(8500));
            assertThat(consulApi.get().uri("/v1/health/service/it-extra-pass?passing").retrieve().body(List.class)).hasSize(1);
            assertThat(consulApi.get().uri("/v1/health/service/it-extra-fail?passing").retrieve().body(List.class))
                    .as("a service passes only when all its checks do").isEmpty();
            String registrations = RestClient.create("http://127.0.0.1:" + agentPort).get().uri("/registrations")
                    .retrieve().body(String.class);
            assertThat(registrations).contains("\"extraChecks\":[{\"type\":\"http\"").doesNotContain(SECRET);
        }
    }

    /** The id Consul gives the service's own check: {@code service:<node>:<container name>:8080}. */
    private static String checkId(GenericContainer<?> container) {
        return "service:" + container.getDockerClient().infoCmd().exec().getName() + ":"
                + container.getContainerInfo().getName().substring(1) + ":8080";
    }
}
