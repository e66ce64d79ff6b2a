package dev.servicegov.gateway.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;

import dev.servicegov.gateway.consul.ConsulTrust;
import dev.servicegov.gateway.consul.TestCertificates;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.ssl.SslAutoConfiguration;
import org.springframework.boot.ssl.SslBundles;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.cloud.consul.ConsulAutoConfiguration;
import org.springframework.cloud.consul.ConsulClient;
import org.springframework.cloud.consul.ConsulProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;

class SpringCloudConsulTlsConfigurationTest {

    @Configuration(proxyBeanMethods = false)
    static class Trust {
        @Bean
        ConsulTrust consulTrust(ConsulProperties consul, SslBundles bundles, Environment environment) {
            return ConsulTrust.of(environment.getProperty("gateway.consul-ssl-bundle"), consul.getScheme(), bundles, environment);
        }
    }

    final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withUserConfiguration(Trust.class, SpringCloudConsulTlsConfiguration.class)
            .withConfiguration(AutoConfigurations.of(SslAutoConfiguration.class, ConsulAutoConfiguration.class));

    @Test
    void withABundleSpringCloudConsulsClientIsTheOneOverIt(@TempDir Path dir) throws Exception {
        Path ca = TestCertificates.selfSignedCa(dir);
        runner.withPropertyValues("gateway.consul-ssl-bundle=consul", "spring.cloud.consul.scheme=https",
                "spring.ssl.bundle.pem.consul.truststore.certificate=file:" + ca)
                .run(context -> assertThat(context.getBeansOfType(ConsulClient.class)).containsOnlyKeys("springCloudConsulClient"));
    }

    @Test
    void withoutOneSpringCloudConsulBuildsItsOwn() {
        runner.run(context -> assertThat(context.getBeansOfType(ConsulClient.class)).containsOnlyKeys("coreConsulClient"));
    }
}
