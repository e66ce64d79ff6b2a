package dev.servicegov.registrator.docker;

import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

/** Reports an {@link AgentStartException} as Spring Boot's "APPLICATION FAILED TO START" description and action. */
class AgentStartFailureAnalyzer extends AbstractFailureAnalyzer<AgentStartException> {

    @Override
    protected FailureAnalysis analyze(Throwable rootFailure, AgentStartException cause) {
        return new FailureAnalysis(cause.problem(), cause.action(), cause);
    }
}
