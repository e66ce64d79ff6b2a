package dev.servicegov.registrator.docker;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.context.ApplicationContextException;

class AgentStartFailureAnalyzerTest {

    @Test
    void reportsTheProblemAsTheDescriptionAndWhatToDoAsTheAction() {
        AgentStartException failure = new AgentStartException("Cannot reach the registry at http://consul:8500 after 11 "
                + "attempts: connection refused.", "Check that it runs and answers at that address.", null);

        // as Spring Boot hands it over: the lifecycle's exception wrapped by the context that failed to start
        FailureAnalysis analysis = new AgentStartFailureAnalyzer()
                .analyze(new ApplicationContextException("Failed to start bean 'agentLifecycle'", failure));

        assertThat(analysis).isNotNull();
        assertThat(analysis.getDescription()).isEqualTo(failure.problem());
        assertThat(analysis.getAction()).isEqualTo("Check that it runs and answers at that address.");
        assertThat(analysis.getCause()).isSameAs(failure);
    }

    @Test
    void leavesOtherFailuresToSpringBoot() {
        assertThat(new AgentStartFailureAnalyzer().analyze(new IllegalStateException("something else"))).isNull();
    }
}
