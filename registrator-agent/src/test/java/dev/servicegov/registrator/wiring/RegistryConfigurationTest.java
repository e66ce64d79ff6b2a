package dev.servicegov.registrator.wiring;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.servicegov.registrator.config.RegistratorProperties;
import dev.servicegov.registrator.docker.AgentStartException;
import dev.servicegov.registrator.registry.ServiceRegistry;
import dev.servicegov.registrator.registry.consul.ConsulServiceRegistry;
import dev.servicegov.registrator.registry.kv.KvServiceRegistry;

import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.ssl.SslAutoConfiguration;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Configuration;

class RegistryConfigurationTest {

    @Configuration(proxyBeanMethods = false)
    @EnableConfigurationProperties(RegistratorProperties.class)
    static class Properties {
    }

    final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withUserConfiguration(Properties.class, RegistryConfiguration.class)
            .withConfiguration(AutoConfigurations.of(SslAutoConfiguration.class));

    @Test
    void theSchemePicksTheOneRegistry() {
        runner.withPropertyValues("registrator.registry-uri=consul://consul-agent:8500").run(context ->
                assertThat(context).getBean(ServiceRegistry.class).isInstanceOf(ConsulServiceRegistry.class));
        runner.withPropertyValues("registrator.registry-uri=consul-unix:///tmp/consul.sock").run(context ->
                assertThat(context).getBean(ServiceRegistry.class).isInstanceOf(ConsulServiceRegistry.class));
        runner.withPropertyValues("registrator.registry-uri=consulkv://consul-agent:8500/services").run(context ->
                assertThat(context).getBean(ServiceRegistry.class).isInstanceOf(KvServiceRegistry.class));
        runner.withPropertyValues("registrator.registry-uri=etcd://etcd:2379/services").run(context ->
                assertThat(context).getBean(ServiceRegistry.class).isInstanceOf(KvServiceRegistry.class));
    }

    @Test
    void anUnknownSchemeFailsTheStartListingTheSupportedOnes() {
        runner.withPropertyValues("registrator.registry-uri=zookeeper://zk:2181/services").run(context ->
                assertThatThrownBy(() -> context.getBean(ServiceRegistry.class)).isInstanceOf(IllegalStateException.class)
                        .rootCause().isInstanceOf(IllegalArgumentException.class)
                        .hasMessageContaining("registrator.registry-uri (REGISTRATOR_REGISTRY_URI) 'zookeeper://zk:2181/services'")
                        .hasMessageContaining("consul-unix:///path/to/consul.sock")
                        .hasMessageContaining("etcd://host:port/prefix"));
    }

    @Test
    void theOldPropertyNameFailsTheStartNamingTheNewOne() {
        runner.withPropertyValues("registrator.consul-uri=http://consul-agent:8500").run(context ->
                assertThatThrownBy(() -> context.getBean(ServiceRegistry.class)).isInstanceOf(IllegalStateException.class)
                        .rootCause().isInstanceOf(AgentStartException.class) // reported without a stack trace
                        .hasMessageContaining("registrator.consul-uri (REGISTRATOR_CONSUL_URI) is set to "
                                + "'http://consul-agent:8500' but was renamed: set registrator.registry-uri (REGISTRATOR_REGISTRY_URI)"));
    }

    @Test
    void anEmptyRegistryUriFailsTheStartRatherThanRegisteringAtTheDefaultAddress() {
        runner.withPropertyValues("registrator.registry-uri= ").run(context ->
                assertThatThrownBy(() -> context.getBean(ServiceRegistry.class)).isInstanceOf(IllegalStateException.class)
                        .rootCause().isInstanceOf(AgentStartException.class)
                        .hasMessageStartingWith("registrator.registry-uri (REGISTRATOR_REGISTRY_URI) is set, but empty."));
    }

    @Test
    void aMissingCaFileFailsTheStartNamingThePropertyAndThePath() {
        runner.withPropertyValues("registrator.registry-uri=consul-tls://consul-agent:8501", "registrator.registry-ssl-bundle=consul",
                "spring.ssl.bundle.pem.consul.truststore.certificate=file:/nonexistent/ca.pem").run(context ->
                assertThatThrownBy(() -> context.getBean(ServiceRegistry.class)).isInstanceOf(IllegalStateException.class)
                        .hasStackTraceContaining("AgentStartException: registrator.registry-ssl-bundle (REGISTRATOR_REGISTRY_SSL_BUNDLE) "
                                + "names the SSL bundle 'consul', whose CA certificate could not be read from file:/nonexistent/ca.pem "
                                + "(spring.ssl.bundle.pem.consul.truststore.certificate): "));
    }

    @Test
    void anUndefinedBundleFailsTheStartSayingWhatToSet() {
        runner.withPropertyValues("registrator.registry-uri=consul-tls://consul-agent:8501", "registrator.registry-ssl-bundle=consul")
                .run(context -> assertThatThrownBy(() -> context.getBean(ServiceRegistry.class)).isInstanceOf(IllegalStateException.class)
                        .hasStackTraceContaining("AgentStartException: registrator.registry-ssl-bundle (REGISTRATOR_REGISTRY_SSL_BUNDLE) "
                                + "names the SSL bundle 'consul', which is not defined: set "
                                + "spring.ssl.bundle.pem.consul.truststore.certificate=file:/path/to/ca.pem"));
    }

    @Test
    void registratorsTlsVariablesAreReadForAConsulTlsUriAndAMissingFileIsNamed() {
        runner.withPropertyValues("registrator.registry-uri=consul-tls://consul-agent:8501",
                "CONSUL_CACERT=/nonexistent/ca.pem").run(context ->
                assertThatThrownBy(() -> context.getBean(ServiceRegistry.class)).isInstanceOf(IllegalStateException.class)
                        .hasStackTraceContaining("AgentStartException: The TLS files of CONSUL_CACERT (/nonexistent/ca.pem), "
                                + "CONSUL_TLSCERT (null) and CONSUL_TLSKEY (null) could not be read"));
        runner.withPropertyValues("registrator.registry-uri=consul-tls://consul-agent:8501",
                "CONSUL_TLSCERT=/run/consul/client.pem").run(context ->
                assertThatThrownBy(() -> context.getBean(ServiceRegistry.class)).isInstanceOf(IllegalStateException.class)
                        .hasStackTraceContaining("AgentStartException: CONSUL_TLSCERT and CONSUL_TLSKEY go together: a client certificate needs its "
                                + "key; only CONSUL_TLSCERT is set"));
        runner.withPropertyValues("registrator.registry-uri=consul://consul-agent:8500", "CONSUL_CACERT=/nonexistent/ca.pem")
                .run(context -> assertThat(context).as("a plain-http agent: not read").hasNotFailed());
    }
}
