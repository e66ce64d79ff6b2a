package dev.servicegov.registrator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import dev.servicegov.registrator.config.RegistratorProperties;
import dev.servicegov.registrator.config.RegistratorProperties.DeregisterMode;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;

/** A gliderlabs/registrator command line, kept as it was, configures the agent as it configured registrator. */
class RegistratorArgumentsTest {

    private static RegistratorProperties bound(String... arguments) {
        Map<String, String> values = new HashMap<>();
        RegistratorArguments.translate(arguments).properties()
                .forEach((property, value) -> values.put("registrator." + property, value));
        return new Binder(new MapConfigurationPropertySource(values)).bindOrCreate("registrator", RegistratorProperties.class);
    }

    @Test
    void everyOptionOfRegistratorTakesItsMeaningAndUnits() {
        RegistratorProperties properties = bound("-ip", "10.0.0.5", "-internal", "-explicit=true", "--cleanup",
                "-tags", "dc1,a\\,b", "-ttl", "30", "-ttl-refresh=15", "-resync", "60", "-deregister", "on-success",
                "-retry-attempts", "-1", "-retry-interval", "2000", "-useIpFromLabel", "io.rancher.container.ip",
                "-hostname", "host-a", "consul://consul-agent:8500");
        assertThat(properties.registryUri()).hasToString("consul://consul-agent:8500");
        assertThat(properties.ip()).isEqualTo("10.0.0.5");
        assertThat(properties.internal()).isTrue();
        assertThat(properties.explicit()).isTrue();
        assertThat(properties.cleanup()).isTrue();
        assertThat(properties.tags()).as("registrator's \\, kept a comma in a tag").containsExactly("dc1", "a,b");
        assertThat(properties.ttl()).isEqualTo(Duration.ofSeconds(30));
        assertThat(properties.ttlRefresh()).isEqualTo(Duration.ofSeconds(15));
        assertThat(properties.resyncInterval()).isEqualTo(Duration.ofSeconds(60));
        assertThat(properties.deregister()).isEqualTo(DeregisterMode.ON_SUCCESS);
        assertThat(properties.retryAttempts()).isEqualTo(-1);
        assertThat(properties.retryInterval()).isEqualTo(Duration.ofSeconds(2));
        assertThat(properties.useIpFromLabel()).isEqualTo("io.rancher.container.ip");
        assertThat(properties.hostname()).isEqualTo("host-a");
    }

    @Test
    void withoutInternalRegistratorRegisteredThePublishedPorts() {
        RegistratorProperties properties = bound("consul://consul-agent:8500");
        assertThat(properties.internal()).isFalse();
        assertThat(properties.ttl()).isNull();
        assertThat(bound("-ttl", "0", "-internal=false", "consul://a:8500").ttl()).as("0: no TTL, as registrator").isNull();
        assertThat(bound("-resync=0", "consul://a:8500").resyncInterval()).as("0: no resync").isZero();
    }

    @Test
    void springArgumentsPassUnchangedAndWithoutRegistratorsNothingIsAdded() {
        var translation = RegistratorArguments.translate("--server.port=0", "--registrator.network=backend", "--debug");
        assertThat(translation.springArguments()).containsExactly("--server.port=0", "--registrator.network=backend",
                "--debug");
        assertThat(translation.properties()).isEmpty();
        assertThat(RegistratorArguments.translate("--registrator.internal=true", "consul://a:8500").springArguments())
                .as("internal set the Spring way: registrator's default does not override it")
                .containsExactly("--registrator.internal=true", "--registrator.registry-uri=consul://a:8500");
        assertThat(RegistratorArguments.translate("--server.port=0", "-ip", "10.0.0.5", "consul://a:8500").springArguments())
                .containsExactly("--server.port=0", "--registrator.ip=10.0.0.5", "--registrator.registry-uri=consul://a:8500",
                        "--registrator.internal=false");
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            -verbose consul://a:8500                | unknown option '-verbose'. registrator's options are -cleanup, -deregister, -explicit,
            --intenral consul://a:8500              | unknown option '--intenral'. registrator's options are
            -ip                                     | option -ip needs a value
            -ttl 30s consul://a:8500                | option -ttl '30s' is invalid; expected whole seconds, as registrator took them (0: none)
            -retry-attempts -2 consul://a:8500      | option -retry-attempts '-2' is invalid; expected a number of retries, -1 for ever
            -internal=yes consul://a:8500           | option -internal 'yes' is invalid; expected true or false
            consul://a:8500 consul://b:8500         | a second registry URI 'consul://b:8500' after 'consul://a:8500'
            -ip 10.0.0.5 --registrator.ip=10.0.0.6  | registrator.ip is set twice: by a registrator option and by --registrator.ip; keep one
            -tags a --registrator.tags=b            | registrator.tags is set twice: by a registrator option and by --registrator.tags; keep one
            """)
    void aCommandLineThatIsNeitherRegistratorsNorSpringsIsNamed(String commandLine, String message) {
        assertThatIllegalArgumentException().isThrownBy(() -> RegistratorArguments.translate(commandLine.split(" ")))
                .withMessageStartingWith(message);
    }

    @Test
    void theUnknownOptionsMessageSaysWhereTheAgentsOwnSettingsGo() {
        assertThatIllegalArgumentException().isThrownBy(() -> RegistratorArguments.translate(List.of("-network", "x")
                .toArray(String[]::new))).withMessageEndingWith("--registrator.<name>=<value> or the environment variable "
                        + "REGISTRATOR_<NAME>");
    }
}
