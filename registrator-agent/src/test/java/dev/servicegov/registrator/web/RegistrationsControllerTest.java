package dev.servicegov.registrator.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;

import dev.servicegov.registrator.bridge.CheckDefinition;

import org.junit.jupiter.api.Test;

/** What {@code GET /registrations}, which asks for no authentication, shows of a check that may carry credentials. */
class RegistrationsControllerTest {

    @Test
    void headerValuesAScriptsCommandAndAnHttpChecksQueryAreHidden() {
        CheckDefinition http = new CheckDefinition("http", "http://172.17.0.5:8080/health?access_token=s3cret", "2s",
                "1s", "1m").withHeaders(Map.of("Authorization", List.of("Bearer s3cret")));
        CheckDefinition script = new CheckDefinition("script", "curl -u admin:s3cret localhost", "2s", "1s", "1m");
        CheckDefinition tcp = new CheckDefinition("tcp", "172.17.0.5:8080", "2s", "1s", "1m");

        assertThat(RegistrationsController.shown(http).target()).isEqualTo("http://172.17.0.5:8080/health?(hidden)");
        assertThat(RegistrationsController.shown(http).headers()).containsEntry("Authorization", List.of("(hidden)"));
        assertThat(RegistrationsController.shown(script).target()).isEqualTo("(hidden)");
        assertThat(RegistrationsController.shown(tcp)).isEqualTo(tcp);
        assertThat(RegistrationsController.shown(http.withTarget("http://172.17.0.5:8080/health")).target())
                .as("nothing to hide").isEqualTo("http://172.17.0.5:8080/health");
    }
}
