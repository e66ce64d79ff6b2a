package dev.servicegov.system;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.KeyStore;
import java.security.cert.CertificateFactory;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import com.jayway.jsonpath.JsonPath;

import dev.servicegov.testsupport.ConsulHttp;
import dev.servicegov.testsupport.RequiresDocker;

/**
 * The secure overlay with the TLS overlay on top ({@code -f docker-compose.yml -f docker-compose.secure.yml
 * -f docker-compose.tls.yml}), one stack for both: ACLs deny by default and Consul speaks HTTPS only, with a CA made
 * at first start, yet the registrator registers and the gateway routes with their tokens, trusting that CA.
 */
@RequiresDocker
class SecureStackIT {

    private static final int INSTANCES = 2;

    private static ComposeStack stack;
    private static SSLContext trustingTheStacksCa;
    private static ConsulHttp anonymous;
    private static ConsulHttp operator;

    @BeforeAll
    static void startTheSecureStack() throws Exception {
        stack = ComposeStack.up("sgtls", List.of("docker-compose.yml", "docker-compose.secure.yml", "docker-compose.tls.yml"),
                INSTANCES);
        trustingTheStacksCa = trusting(readInAgent("/consul/tls/ca.pem"));
        anonymous = stack.consulHttps(trustingTheStacksCa);
        String token = readInAgent("/secrets/management.token").strip();
        assertThat(token).as("the management token made at first start").matches("[0-9a-f-]{36}");
        operator = anonymous.withToken(token);
    }

    @AfterAll
    static void tearTheStackDown() {
        if (stack != null) {
            stack.close();
        }
    }

    @Test
    void theRegistratorRegistersWithItsTokenOverHttps() {
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
    void plainHttpIsServedNowhere() throws InterruptedException {
        HttpResponse<String> plain = stack.consulHttpsPortInPlainHttp().send("/v1/catalog/services");
        assertThat(plain.statusCode()).as("plain HTTP on the published port").isEqualTo(400);
        assertThat(plain.body()).contains("Client sent an HTTP request to an HTTPS server");

        // what the applications would reach on the compose network, and a server's own port
        for (String url : List.of("http://consul-agent:8500/v1/status/leader", "http://127.0.0.1:8500/v1/status/leader")) {
            ComposeStack.Exec wget = stack.exec("consul-server-1", "wget", "-qO-", "-T", "2", url);
            assertThat(wget.exitCode()).as(url + ": " + wget.output()).isNotZero();
            assertThat(wget.output()).as(url).contains("Connection refused");
        }
    }

    @Test
    void aClientThatDoesNotTrustTheCaIsRefused() throws Exception {
        assertThat(stack.consulHttps(SSLContext.getDefault()).send("/v1/status/leader"))
                .as("the JVM's own trust store does not know the stack's CA: the TLS handshake fails").isNull();
        assertThat(anonymous.leader()).as("with the CA trusted").endsWith(":8300");
    }

    @Test
    void theGatewayRoutesWithItsReadOnlyTokenOverHttps() {
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

    /** A file's content inside the client agent's container, where the secrets and TLS volumes are mounted. */
    private static String readInAgent(String path) throws InterruptedException {
        ComposeStack.Exec cat = stack.exec("consul-agent", "cat", path);
        assertThat(cat.exitCode()).as("cat " + path + ": " + cat.output()).isZero();
        return cat.output();
    }

    private static SSLContext trusting(String pem) throws Exception {
        KeyStore store = KeyStore.getInstance(KeyStore.getDefaultType());
        store.load(null, null);
        store.setCertificateEntry("consul-ca", CertificateFactory.getInstance("X.509")
                .generateCertificate(new ByteArrayInputStream(pem.getBytes(StandardCharsets.US_ASCII))));
        TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        trust.init(store);
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(null, trust.getTrustManagers(), null);
        return context;
    }
}
