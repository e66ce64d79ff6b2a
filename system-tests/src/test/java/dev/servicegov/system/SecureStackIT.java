package dev.servicegov.system;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import com.github.dockerjava.api.async.ResultCallback;
import com.github.dockerjava.api.model.Frame;
import com.jayway.jsonpath.JsonPath;

import dev.servicegov.testsupport.ConsulHttp;
import dev.servicegov.testsupport.RequiresDocker;

/**
 * The secure overlay ({@code -f docker-compose.yml -f docker-compose.secure.yml}): ACLs deny by default,
 * yet the registrator registers and the gateway routes with the tokens made at first start.
 */
@RequiresDocker
class SecureStackIT {

    private static final int INSTANCES = 2;

    private static ComposeStack stack;
    private static ConsulHttp anonymous;
    private static ConsulHttp operator;

    @BeforeAll
    static void startTheSecureStack() throws Exception {
        stack = ComposeStack.up("sgsecure", List.of("docker-compose.yml", "docker-compose.secure.yml"), INSTANCES);
        anonymous = stack.consul();
        operator = anonymous.withToken(readInAgent("/secrets/management.token"));
    }

    @AfterAll
    static void tearTheStackDown() {
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

    /** A file's content inside the client agent's container, where the secrets volume is mounted. */
    private static String readInAgent(String path) throws InterruptedException, IOException {
        String agent = stack.containers("consul-agent").get(0).getId();
        String exec = ComposeStack.docker().execCreateCmd(agent).withCmd("cat", path).withAttachStdout(true).exec().getId();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (var callback = ComposeStack.docker().execStartCmd(exec).exec(new ResultCallback.Adapter<Frame>() {
            @Override
            public void onNext(Frame frame) {
                out.writeBytes(frame.getPayload());
            }
        })) {
            callback.awaitCompletion();
        }
        String token = out.toString().strip();
        assertThat(token).as("the management token made at first start").matches("[0-9a-f-]{36}");
        return token;
    }
}
