package dev.servicegov.registrator.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;

class RegistratorPropertiesTest {

    static RegistratorProperties bind(Map<String, String> values) {
        return new Binder(new MapConfigurationPropertySource(values)).bindOrCreate("registrator", RegistratorProperties.class);
    }

    @Test
    void defaultsBehaveAsBefore() {
        RegistratorProperties properties = bind(Map.of());
        assertThat(properties.internal()).isTrue();
        assertThat(properties.explicit()).isFalse();
        assertThat(properties.cleanup()).isTrue();
        assertThat(properties.tags()).isEmpty();
        assertThat(properties.deregister()).isEqualTo(RegistratorProperties.DeregisterMode.ALWAYS);
        assertThat(properties.retryAttempts()).as("ten tries after the first, about 10 s").isEqualTo(10);
        assertThat(properties.agentWatchInterval()).isEqualTo(Duration.ofSeconds(1));
        assertThat(properties.ttl()).isNull();
        assertThat(properties.resyncInterval()).isEqualTo(Duration.ofSeconds(30));
        assertThat(properties.registryUri()).hasToString("http://127.0.0.1:8500");
        assertThat(properties.kvFormat()).isEqualTo(RegistratorProperties.KvFormat.PLAIN);
    }

    @Test
    void registryUriAndKvFormatBind() {
        RegistratorProperties properties = bind(Map.of("registrator.registry-uri", "etcd://etcd:2379/services",
                "registrator.kv-format", "json"));
        assertThat(properties.registryUri()).hasToString("etcd://etcd:2379/services");
        assertThat(properties.kvFormat()).isEqualTo(RegistratorProperties.KvFormat.JSON);
    }

    @Test
    void registratorStyleOptionsBind() {
        RegistratorProperties properties = bind(Map.of("registrator.ip", "10.0.0.1", "registrator.internal", "false",
                "registrator.explicit", "true", "registrator.tags", "dc1,blue", "registrator.ttl", "30s",
                "registrator.ttl-refresh", "10s", "registrator.deregister", "on-success", "registrator.cleanup", "false",
                "registrator.retry-attempts", "-1", "registrator.use-ip-from-label", "com.example.ip"));
        assertThat(properties.ip()).isEqualTo("10.0.0.1");
        assertThat(properties.internal()).isFalse();
        assertThat(properties.explicit()).isTrue();
        assertThat(properties.tags()).isEqualTo(List.of("dc1", "blue"));
        assertThat(properties.ttl()).isEqualTo(Duration.ofSeconds(30));
        assertThat(properties.ttlRefresh()).isEqualTo(Duration.ofSeconds(10));
        assertThat(properties.deregister()).isEqualTo(RegistratorProperties.DeregisterMode.ON_SUCCESS);
        assertThat(properties.cleanup()).isFalse();
        assertThat(properties.retryAttempts()).isEqualTo(-1);
        assertThat(properties.useIpFromLabel()).isEqualTo("com.example.ip");
    }

    @Test
    void networkOptionsBind() {
        assertThat(bind(Map.of()).ipVersion()).isEqualTo(4);
        RegistratorProperties properties = bind(Map.of("registrator.ip-version", "6", "registrator.registry-container", "consul-agent"));
        assertThat(properties.ipVersion()).isEqualTo(6);
        assertThat(properties.registryContainer()).isEqualTo("consul-agent");
    }

    @org.junit.jupiter.params.ParameterizedTest
    @org.junit.jupiter.params.provider.CsvSource({"docker-connect-attempts, 0", "retry-attempts, -2", "resync-interval, -1s",
        "resync-interval, 60",
        "ip-version, 5", "registry-uri, zookeeper://zk:2181/services", "registry-uri, etcd://etcd:2379",
        "registry-ssl-bundle, consul"})
    void badValuesFailTheStartNamingTheProperty(String property, String value) {
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> bind(Map.of("registrator." + property, value)))
                .rootCause().hasMessageContaining("registrator.");
    }

    @org.junit.jupiter.params.ParameterizedTest
    @org.junit.jupiter.params.provider.ValueSource(strings = {"resync-interval", "deregister-critical-service-after",
        "default-check-interval", "default-check-timeout", "docker-connect-delay", "max-retry-backoff", "retry-interval",
        "agent-watch-interval", "ttl", "ttl-refresh"})
    void aNegativeDurationFailsTheStartNamingThePropertyAndTheValue(String property) {
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> bind(Map.of("registrator." + property, "-1500ms")))
                .rootCause().hasMessage("registrator." + property + " '-1500ms' must not be negative: 0 or more with a "
                        + "unit, e.g. 30s or 1m");
    }

    @org.junit.jupiter.params.ParameterizedTest
    @org.junit.jupiter.params.provider.CsvSource(delimiter = '|', quoteCharacter = '"', textBlock = """
            docker-connect-attempts | 0  | '0' must be at least 1
            retry-attempts          | -2 | '-2' must be -1
            ip-version              | 5  | '5' must be 4 or 6
            resync-interval         | 60 | '60ms' must be 0 (off) or at least 1s
            """)
    void aValueOutOfRangeIsQuotedInTheMessage(String property, String value, String message) {
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> bind(Map.of("registrator." + property, value)))
                .rootCause().hasMessageStartingWith("registrator." + property + " " + message);
    }

    @org.junit.jupiter.params.ParameterizedTest
    @org.junit.jupiter.params.provider.CsvSource({"30s, 30s, ttl-refresh '30s' must be shorter than registrator.ttl (30s)",
        "30s, 1m, ttl-refresh '60s' must be shorter than registrator.ttl (30s)",
        "30s, 100ms, ttl-refresh '100ms' must be at least 1s", "500ms, , ttl '500ms' must be at least 1s"})
    void aTtlRefreshMustBeASecondOrMoreAndShorterThanTheTtl(String ttl, String refresh, String message) {
        Map<String, String> options = new java.util.HashMap<>(Map.of("registrator.ttl", ttl));
        if (refresh != null) {
            options.put("registrator.ttl-refresh", refresh);
        }
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> bind(options)).rootCause().hasMessageContaining(message);
    }

    @Test
    void anSslBundleGoesWithATlsRegistryUriOnly() {
        assertThat(bind(Map.of()).registrySslBundle()).isNull();
        assertThat(bind(Map.of("registrator.registry-ssl-bundle", " ")).registrySslBundle()).isNull();
        assertThat(bind(Map.of("registrator.registry-uri", "consul-tls://consul-agent:8501", "registrator.registry-ssl-bundle", "consul"))
                .registrySslBundle()).isEqualTo("consul");
        assertThat(bind(Map.of("registrator.registry-uri", "https://consul-agent:8501", "registrator.registry-ssl-bundle", "consul"))
                .registrySslBundle()).isEqualTo("consul");
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> bind(Map.of("registrator.registry-uri", "consul://consul-agent:8500",
                "registrator.registry-ssl-bundle", "consul")))
                .rootCause().hasMessage("registrator.registry-ssl-bundle is set ('consul') but registrator.registry-uri "
                        + "'consul://consul-agent:8500' is not TLS: use https://host:port or consul-tls://host:port, or unset the bundle");
    }

    @Test
    void withoutADockerHostTheSocketIsTakenWhereRegistratorsDocumentedRunMountedItWhenOnlyThatOneIsThere() {
        RegistratorProperties properties = bind(Map.of());
        java.nio.file.Path standard = java.nio.file.Path.of("/var/run/docker.sock");
        java.nio.file.Path registrators = java.nio.file.Path.of("/tmp/docker.sock");
        assertThat(properties.effectiveDockerHost(null, path -> path.equals(registrators))).isEqualTo("unix:///tmp/docker.sock");
        assertThat(properties.effectiveDockerHost(null, path -> true)).isEqualTo("unix:///var/run/docker.sock");
        assertThat(properties.effectiveDockerHost(null, path -> path.equals(standard))).isEqualTo("unix:///var/run/docker.sock");
        assertThat(properties.effectiveDockerHost(null, path -> false)).as("neither: the standard one, named in the error")
                .isEqualTo("unix:///var/run/docker.sock");
    }
}
