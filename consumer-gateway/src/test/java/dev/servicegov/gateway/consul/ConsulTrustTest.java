package dev.servicegov.gateway.consul;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Path;
import java.util.function.Consumer;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.ssl.SslAutoConfiguration;
import org.springframework.boot.context.properties.source.InvalidConfigurationPropertyValueException;
import org.springframework.boot.ssl.SslBundles;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.ApplicationContext;

class ConsulTrustTest {

    static final String BUNDLE = "spring.ssl.bundle.pem.consul.truststore.certificate";

    final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(SslAutoConfiguration.class));

    void withBundles(Consumer<ApplicationContext> test, String... properties) {
        runner.withPropertyValues(properties).run(context -> test.accept(context));
    }

    static ConsulTrust trust(ApplicationContext context, String bundle, String scheme) {
        return ConsulTrust.of(bundle, scheme, context.getBean(SslBundles.class), context.getEnvironment());
    }

    @Test
    void withoutABundleTheJvmTrustStoreApplies() {
        withBundles(context -> {
            ConsulTrust trust = trust(context, null, "http");
            assertThat(trust.settings().sslBundle()).as("no bundle: the JVM's trust store").isNull();
        });
    }

    @Test
    void aReadableCaFileGivesSettingsWithTheBundle(@TempDir Path dir) throws Exception {
        Path ca = TestCertificates.selfSignedCa(dir);
        withBundles(context -> {
            ConsulTrust trust = trust(context, "consul", "https");
            assertThat(trust.settings().sslBundle()).as("the bundle replaces the JVM's trust store").isNotNull();
            assertThat(trust.settings().sslBundle().getStores().getTrustStore()).isNotNull();
        }, BUNDLE + "=file:" + ca);
    }

    @Test
    void aMissingCaFileFailsNamingThePropertyAndThePath() {
        withBundles(context -> assertThatThrownBy(() -> trust(context, "consul", "https"))
                .isInstanceOf(InvalidConfigurationPropertyValueException.class) // reported without a stack trace
                .hasMessageStartingWith("Property gateway.consul-ssl-bundle with value 'consul' is invalid: the bundle's CA "
                        + "certificate could not be read from file:/nonexistent/ca.pem (" + BUNDLE + "): "),
                BUNDLE + "=file:/nonexistent/ca.pem");
    }

    @Test
    void anUndefinedBundleFailsSayingWhatToSet() {
        withBundles(context -> assertThatThrownBy(() -> trust(context, "consul", "https"))
                .isInstanceOf(InvalidConfigurationPropertyValueException.class)
                .hasMessage("Property gateway.consul-ssl-bundle with value 'consul' is invalid: no SSL bundle of that name "
                        + "is defined: set " + BUNDLE + "=file:/path/to/ca.pem"));
    }

    @Test
    void aBundleWithPlainHttpIsAMistake(@TempDir Path dir) throws IOException, InterruptedException {
        Path ca = TestCertificates.selfSignedCa(dir);
        withBundles(context -> assertThatThrownBy(() -> trust(context, "consul", "http"))
                .isInstanceOf(InvalidConfigurationPropertyValueException.class)
                .hasMessageStartingWith("Property gateway.consul-ssl-bundle with value 'consul' is invalid: a bundle goes "
                        + "with spring.cloud.consul.scheme=https, and the scheme is 'http'"),
                BUNDLE + "=file:" + ca);
    }
}
