package dev.servicegov.system;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.ByteArrayInputStream;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.KeyStore;
import java.security.cert.CertificateFactory;
import java.time.Duration;
import java.util.List;

import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

import org.junit.jupiter.api.Test;

import com.jayway.jsonpath.JsonPath;

import dev.servicegov.testsupport.ConsulHttp;

/**
 * The secure overlay with the TLS overlay on top ({@code -f docker-compose.yml -f docker-compose.secure.yml
 * -f docker-compose.tls.yml}): on top of the checks of {@link SecureStackChecks}, all made over HTTPS, Consul speaks
 * HTTPS only, with a CA made at first start that the registrator and the gateway trust.
 */
class SecureTlsStackIT extends SecureStackChecks {

    @Override
    ComposeStack startStack() throws Exception {
        return ComposeStack.up("sgtls", files("docker-compose.secure.yml", "docker-compose.tls.yml"), INSTANCES);
    }

    @Override
    ConsulHttp anonymousClient() throws Exception {
        return stack.consulHttps(trusting(readInAgent("/consul/tls/ca.pem")));
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

    /**
     * A server recreated at once without its data waits until the others count the old one failed
     * (consul-config/server-start.sh). Here it can only ask them over HTTPS with the agent token: with neither, it
     * would see nothing, start at once, and the catalog would refuse its new node id for as long as it ran.
     */
    @Test
    void aFollowerRecreatedWithoutItsData_WaitsAskingOverHttpsWithTheAgentToken_AndTheCatalogTakesItsNewId()
            throws Exception {
        String follower = new ConsulServers(stack, anonymous).aFollower();
        String oldId = JsonPath.read(operator.get("/v1/catalog/node/" + follower), "$.Node.ID");

        stack.removeWithItsData(follower);
        stack.composeCommand("up", "--detach", "--no-deps", follower);

        await("the catalog taking " + follower + "'s new id").atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofSeconds(1))
                .ignoreExceptions().until(() -> {
                    String id = JsonPath.read(operator.get("/v1/catalog/node/" + follower), "$.Node.ID");
                    return !id.equals(oldId);
                });
        await("the cluster tolerating a server failure again").atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofSeconds(1))
                .until(() -> operator.get("/v1/operator/autopilot/health").contains("\"FailureTolerance\":1"));
        String log = stack.logsOf(follower);
        log.lines().filter(line -> line.contains("server-start:")).forEach(System.out::println);
        assertThat(log).as("the recreated server's log").doesNotContain("is reserved by node");
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
