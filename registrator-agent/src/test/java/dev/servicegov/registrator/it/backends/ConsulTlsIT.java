package dev.servicegov.registrator.it.backends;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.InputStream;
import java.net.URI;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.CertificateFactory;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import javax.net.ssl.HttpsURLConnection;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocketFactory;
import javax.net.ssl.TrustManagerFactory;

import dev.servicegov.registrator.bridge.ServiceDefinition;
import dev.servicegov.registrator.config.RegistratorProperties;
import dev.servicegov.registrator.bridge.ServiceMapper;
import dev.servicegov.registrator.registry.RegistryException;
import dev.servicegov.registrator.registry.RegistryUri;
import dev.servicegov.registrator.registry.ServiceRegistry;
import dev.servicegov.registrator.registry.consul.ConsulHttpClients;
import dev.servicegov.registrator.registry.consul.ConsulServiceRegistry;
import dev.servicegov.registrator.wiring.RegistryConfiguration;
import dev.servicegov.testsupport.RequiresDocker;
import dev.servicegov.testsupport.TestImages;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.ssl.SslAutoConfiguration;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Configuration;
import org.testcontainers.containers.GenericContainer;
import org.testcontainers.containers.wait.strategy.Wait;

/**
 * {@code consul-tls://}: a real Consul agent serving its HTTP API over TLS on 8501, with a CA and server certificate
 * made by {@code consul tls} in the container. The agent trusts that CA either through the JVM's default TLS settings, as
 * an operator would configure them (a trust store), or through an SSL bundle named by {@code registrator.registry-ssl-bundle}.
 */
@RequiresDocker
class ConsulTlsIT {

    static final String CERTS = "cd /tmp && consul tls ca create >/dev/null && consul tls cert create -server >/dev/null && ";
    static GenericContainer<?> consul;
    static SSLSocketFactory jvmDefault;

    @BeforeAll
    static void startConsulWithTls() throws Exception {
        consul = new GenericContainer<>(TestImages.consul())
                .withCommand("sh", "-c", CERTS + "exec consul agent -dev -client 0.0.0.0 -hcl 'disable_update_check = true' "
                        + "-hcl 'ports { https = 8501 }' -hcl 'cert_file = \"/tmp/dc1-server-consul-0.pem\"' "
                        + "-hcl 'key_file = \"/tmp/dc1-server-consul-0-key.pem\"' -hcl 'ca_file = \"/tmp/consul-agent-ca.pem\"'")
                .withExposedPorts(8501)
                .waitingFor(Wait.forLogMessage(".*Synced node info.*", 1).withStartupTimeout(Duration.ofSeconds(60)));
        consul.start();
        jvmDefault = HttpsURLConnection.getDefaultSSLSocketFactory();
    }

    @AfterAll
    static void stop() {
        if (jvmDefault != null) {
            HttpsURLConnection.setDefaultSSLSocketFactory(jvmDefault);
        }
        if (consul != null) {
            consul.stop();
        }
    }

    static void trustTheAgentsCa() {
        SSLContext context = consul.copyFileFromContainer("/tmp/consul-agent-ca.pem", ConsulTlsIT::trusting);
        HttpsURLConnection.setDefaultSSLSocketFactory(context.getSocketFactory());
    }

    static SSLContext trusting(InputStream pem) throws Exception {
        KeyStore store = KeyStore.getInstance(KeyStore.getDefaultType());
        store.load(null, null);
        store.setCertificateEntry("consul-ca", CertificateFactory.getInstance("X.509").generateCertificate(pem));
        TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        trust.init(store);
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(null, trust.getTrustManagers(), null);
        return context;
    }

    static ServiceRegistry registry() {
        URI uri = URI.create("consul-tls://127.0.0.1:" + consul.getMappedPort(8501));
        return new ConsulServiceRegistry(ConsulHttpClients.create(RegistryUri.parse(uri), null));
    }

    @Configuration(proxyBeanMethods = false)
    @EnableConfigurationProperties(RegistratorProperties.class)
    static class Properties {
    }

    @Test
    void registersListsAndDeregistersOverTls() {
        HttpsURLConnection.setDefaultSSLSocketFactory(jvmDefault);
        assertThatThrownBy(registry()::ping).as("an agent whose CA the JVM does not trust is refused")
                .isInstanceOf(RegistryException.class).hasMessageStartingWith("Consul: ping failed");

        trustTheAgentsCa();
        registersListsAndDeregisters(registry());
    }

    @Test
    void trustsTheAgentsCaThroughTheNamedSslBundle(@TempDir Path dir) {
        Path ca = theAgentsCaIn(dir);
        registersListsAndDeregistersWith("registrator.registry-ssl-bundle=consul",
                "spring.ssl.bundle.pem.consul.truststore.certificate=file:" + ca);
    }

    @Test
    void trustsTheAgentsCaThroughRegistratorsConsulCacertVariable(@TempDir Path dir) {
        registersListsAndDeregistersWith("CONSUL_CACERT=" + theAgentsCaIn(dir));
    }

    private static Path theAgentsCaIn(Path dir) {
        HttpsURLConnection.setDefaultSSLSocketFactory(jvmDefault);
        Path ca = dir.resolve("ca.pem");
        consul.copyFileFromContainer("/tmp/consul-agent-ca.pem", ca.toString());
        return ca;
    }

    /** The registry the agent's configuration makes from these properties, on a consul-tls:// URI. */
    private static void registersListsAndDeregistersWith(String... properties) {
        new ApplicationContextRunner()
                .withUserConfiguration(Properties.class, RegistryConfiguration.class)
                .withConfiguration(AutoConfigurations.of(SslAutoConfiguration.class))
                .withPropertyValues("registrator.registry-uri=consul-tls://127.0.0.1:" + consul.getMappedPort(8501))
                .withPropertyValues(properties)
                .run(context -> registersListsAndDeregisters(context.getBean(ServiceRegistry.class)));
    }

    static void registersListsAndDeregisters(ServiceRegistry registry) {
        registry.ping();
        registry.register(new ServiceDefinition("tls-node:web-1:8080", "tls-web", "172.17.0.9", 8080, List.of(),
                Map.of(ServiceMapper.OWNER_KEY, ServiceMapper.OWNER, ServiceMapper.NODE_KEY, "tls-node"), null, "c0ffee",
                "web-1", "label SERVICE_NAME"));
        assertThat(registry.listOwned("tls-node").keySet()).containsExactly("tls-node:web-1:8080");
        registry.deregister("tls-node:web-1:8080");
        assertThat(registry.listOwned("tls-node").keySet()).isEmpty();
    }
}
