package dev.servicegov.testsupport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class DockerAvailabilityConditionTest {

    @Test
    void runsWhenAnEngineAnswers() {
        assertThat(DockerAvailabilityCondition.decide(true, true).isDisabled()).isFalse();
        assertThat(DockerAvailabilityCondition.decide(true, false).isDisabled()).isFalse();
    }

    @Test
    void skipsWithTheReasonOutsideCi() {
        var result = DockerAvailabilityCondition.decide(false, false);
        assertThat(result.isDisabled()).isTrue();
        assertThat(result.getReason()).hasValueSatisfying(reason -> assertThat(reason).contains("no Docker engine answers"));
    }

    @Test
    void failsOnCiWithoutAnEngine() {
        assertThatThrownBy(() -> DockerAvailabilityCondition.decide(false, true))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("CI=true").hasMessageContaining("local-images.sh");
    }
}
