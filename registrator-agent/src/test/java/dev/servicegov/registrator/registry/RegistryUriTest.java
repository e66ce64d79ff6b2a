package dev.servicegov.registrator.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;

import dev.servicegov.registrator.registry.RegistryUri.Backend;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class RegistryUriTest {

    @ParameterizedTest
    @CsvSource(delimiter = '|', textBlock = """
            consul://consul-agent:8500            | CONSUL    | http://consul-agent:8500  | ''
            consul://consul-agent                 | CONSUL    | http://consul-agent:8500  | ''
            CONSUL://consul-agent:18500           | CONSUL    | http://consul-agent:18500 | ''
            http://127.0.0.1:8500                 | CONSUL    | http://127.0.0.1:8500     | ''
            https://consul.example                | CONSUL    | https://consul.example:443 | ''
            consul-tls://consul-agent             | CONSUL    | https://consul-agent:8501 | ''
            consul-tls://consul-agent:9501        | CONSUL    | https://consul-agent:9501 | ''
            consulkv://consul-agent:8500/services | CONSUL_KV | http://consul-agent:8500  | services
            consulkv://consul-agent/a/b/          | CONSUL_KV | http://consul-agent:8500  | a/b
            etcd://etcd:2379/services             | ETCD      | http://etcd:2379          | services
            etcd://etcd/services                  | ETCD      | http://etcd:2379          | services
            consul://eager_turing:8500            | CONSUL    | http://eager_turing:8500  | ''
            etcd://my_etcd/services               | ETCD      | http://my_etcd:2379       | services
            """)
    void schemeChoosesTheBackendItsAddressAndPrefix(String configured, Backend backend, String base, String prefix) {
        RegistryUri uri = RegistryUri.parse(URI.create(configured));
        assertThat(uri.backend()).isEqualTo(backend);
        assertThat(uri.httpBase()).hasToString(base);
        assertThat(uri.prefix()).isEqualTo(prefix);
        assertThat(uri.socket()).isNull();
    }

    /** Docker names containers like {@code eager_turing}: java.net.URI does not take them as host names. */
    @ParameterizedTest
    @CsvSource(nullValues = "null", value = {
            "http://consul-agent:8500, consul-agent",
            "consul://eager_turing:8500, eager_turing",
            "consul://token@eager_turing, eager_turing",
            "http://172.18.0.2:8500, 172.18.0.2",
            "http://[fd00::2]:8500, [fd00::2]",
            "consul-unix:///var/run/consul.sock, null"})
    void hostOfTheUri(String uri, String host) {
        assertThat(RegistryUri.host(URI.create(uri))).isEqualTo(host);
    }

    @ParameterizedTest
    @CsvSource({"consul-unix:///var/run/consul/consul.sock, /var/run/consul/consul.sock", "consul-unix:/tmp/c.sock, /tmp/c.sock"})
    void unixSchemeNamesTheSocket(String configured, String socket) {
        RegistryUri uri = RegistryUri.parse(URI.create(configured));
        assertThat(uri.backend()).isEqualTo(Backend.CONSUL);
        assertThat(uri.socket()).isEqualTo(socket);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', textBlock = """
            zookeeper://zk:2181/services | unsupported scheme 'zookeeper'
            skydns2://dns:8080/local     | unsupported scheme 'skydns2'
            consul-agent:8500            | unsupported scheme 'consul-agent'
            consulkv://consul-agent:8500 | has no key prefix (e.g. consulkv://consul-agent:8500/services)
            etcd://etcd:2379/            | has no key prefix
            consul-unix://host/sock      | names no socket path
            consul:///nohost             | has no host
            consul://consul-agent:99999  | has port 99999, not one from 1 to 65535
            consul://consul-agent:0      | has port 0, not one from 1 to 65535
            consul-tls://eager_turing:99999 | has port 99999, not one from 1 to 65535
            consul-tls://consul-agent:tls | has a port that is not a number from 1 to 65535
            etcd://etcd:port/services    | has a port that is not a number from 1 to 65535
            """)
    void anythingElseFailsNamingThePropertyTheProblemAndTheSupportedSchemes(String configured, String problem) {
        assertThatThrownBy(() -> RegistryUri.parse(URI.create(configured)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("registrator.registry-uri (REGISTRATOR_REGISTRY_URI) '" + configured + "'")
                .hasMessageContaining(problem)
                .hasMessageContaining("supported: consul://host:port, http://host:port, https://host:port, "
                        + "consul-tls://host:port, consul-unix:///path/to/consul.sock, consulkv://host:port/prefix, "
                        + "etcd://host:port/prefix");
    }
}
