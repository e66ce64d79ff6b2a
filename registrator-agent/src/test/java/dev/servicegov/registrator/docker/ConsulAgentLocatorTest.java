package dev.servicegov.registrator.docker;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ConsulAgentLocatorTest {

    @ParameterizedTest
    @CsvSource(nullValues = "null", value = {
            "http://consul-agent:8500, consul-agent",
            "consul://eager_turing:8500, eager_turing",
            "consul://token@eager_turing, eager_turing",
            "http://172.18.0.2:8500, 172.18.0.2",
            "http://[fd00::2]:8500, [fd00::2]",
            "consul-unix:///var/run/consul.sock, null"})
    void hostOfTheConsulUri(String uri, String host) {
        assertThat(ConsulAgentLocator.host(URI.create(uri))).isEqualTo(host);
    }
}
