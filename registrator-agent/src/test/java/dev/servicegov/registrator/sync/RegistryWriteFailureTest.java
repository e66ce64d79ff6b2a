package dev.servicegov.registrator.sync;

import static dev.servicegov.registrator.sync.FakeDocker.container;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Arrays;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

/** The registry refusing one container's registration (a script check without enable_script_checks). */
@ExtendWith(OutputCaptureExtension.class)
class RegistryWriteFailureTest extends RegistrationEngineFixture {

    static final String BAD_SERVICE = "node1:bad-1:9000";

    @Test
    void aRefusedRegistrationIsRetriedWithBackoffCountedEachTimeAndLoggedAtWarnOnce(CapturedOutput output) throws Exception {
        add(container("bbb", "bad-1", "172.17.0.3", Map.of(), 9000));
        consul.failAlways.add("register " + BAD_SERVICE);
        engine.init("node1", null);
        engine.runOnce(NO_WAIT);
        assertThat(consul.services).as("the others register").containsOnlyKeys(WEB_SERVICE);
        for (int i = 0; i < 6; i++) {
            clock.advance(Duration.ofSeconds(1L << i));
            engine.runOnce(NO_WAIT);
        }
        long attempts = consul.calls.stream().filter(("register " + BAD_SERVICE)::equals).count();
        assertThat(attempts).as("retried with backoff: 1, 2, 4, 8, 16, 30 s").isEqualTo(7);
        assertThat(meters.counter("registrator.errors", "kind", "consul").count()).isEqualTo(attempts);
        assertThat(Arrays.stream(output.getOut().split("\\R")).filter(line -> line.contains(" WARN ") && line.contains(BAD_SERVICE)))
                .as("said once").singleElement().asString().contains("failed", "retrying");

        consul.failAlways.clear();
        clock.advance(Duration.ofSeconds(30));
        engine.runOnce(NO_WAIT);
        assertThat(consul.services).containsKey(BAD_SERVICE);
    }
}
