package dev.servicegov.system;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import com.jayway.jsonpath.JsonPath;

import dev.servicegov.testsupport.ConsulHttp;
import dev.servicegov.testsupport.RequiresDocker;

/**
 * What the secure overlay promises, with or without TLS on top: ACLs deny by default, yet the registrator registers
 * and the gateway routes with their own tokens, made at first start. Each subclass brings up its own stack.
 */
@RequiresDocker
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class SecureStackChecks {

    static final int INSTANCES = 2;

    ComposeStack stack;
    ConsulHttp anonymous;
    ConsulHttp operator;

    /** Brings up the stack under test. */
    abstract ComposeStack startStack() throws Exception;

    /** A client of the stack's Consul agent without a token. */
    abstract ConsulHttp anonymousClient() throws Exception;

    @BeforeAll
    void startTheSecureStack() throws Exception {
        stack = startStack();
        anonymous = anonymousClient();
        String token = readInAgent("/secrets/management.token").strip();
        assertThat(token).as("the management token made at first start").matches("[0-9a-f-]{36}");
        operator = anonymous.withToken(token);
    }

    @AfterAll
    void tearTheStackDown() {
        if (stack != null) {
            stack.close();
        }
    }

    @Test
    void theRegistratorRegistersWithItsToken() {
        await("both service-web instances registered and passing").atMost(Duration.ofMinutes(2)).pollInterval(Duration.ofSeconds(1))
                .untilAsserted(() -> assertThat(operator.passingAddresses("service-web"))
                        .containsExactlyInAnyOrderElementsOf(stack.ipsOf("service-web")));
    }

    @Test
    void anAnonymousRequestSeesNothing() {
        await().atMost(Duration.ofMinutes(2)).until(() -> operator.passingAddresses("service-web").size() == INSTANCES);
        assertThat(anonymous.get("/v1/catalog/services").strip()).isEqualTo("{}");
        assertThat(anonymous.passingAddresses("service-web")).isEmpty();
    }

    @Test
    void aWrongTokenGetsConsulsClearRefusal() {
        HttpResponse<String> answer = anonymous.withToken("00000000-0000-0000-0000-000000000000").send("/v1/catalog/services");
        assertThat(answer.statusCode()).isEqualTo(403);
        assertThat(answer.body()).contains("ACL not found");
    }

    @Test
    void theGatewayRoutesWithItsReadOnlyToken() {
        Set<String> expected = new HashSet<>(stack.ipsOf("service-web"));
        HttpClient http = HttpClient.newHttpClient();
        // compose up does not wait for health: a gateway still starting may drop a connection
        await("the gateway serves both instances").atMost(Duration.ofMinutes(2)).pollInterval(Duration.ofSeconds(1))
                .ignoreExceptionsInstanceOf(IOException.class)
                .untilAsserted(() -> {
                    Set<String> seen = new HashSet<>();
                    for (int i = 0; i < 10; i++) {
                        HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(stack.gatewayUrl("/service-web/whoami")))
                                .timeout(Duration.ofSeconds(5)).build(), HttpResponse.BodyHandlers.ofString());
                        assertThat(response.statusCode()).isEqualTo(200);
                        seen.add(JsonPath.read(response.body(), "$.ip"));
                    }
                    assertThat(seen).isEqualTo(expected);
                });
    }

    /** A file's content inside the client agent's container, where the secrets (and TLS) volumes are mounted. */
    String readInAgent(String path) throws InterruptedException {
        ComposeStack.Exec cat = stack.exec("consul-agent", "cat", path);
        assertThat(cat.exitCode()).as("cat " + path + ": " + cat.output()).isZero();
        return cat.output();
    }

    static List<String> files(String... overlays) {
        return Stream.concat(Stream.of("docker-compose.yml"), Stream.of(overlays)).toList();
    }
}
