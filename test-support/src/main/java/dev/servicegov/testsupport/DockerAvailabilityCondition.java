package dev.servicegov.testsupport;

import org.junit.jupiter.api.extension.ConditionEvaluationResult;
import org.junit.jupiter.api.extension.ExecutionCondition;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.testcontainers.DockerClientFactory;

/** Decides whether a {@link RequiresDocker} test runs, is skipped, or fails for want of an engine. */
public class DockerAvailabilityCondition implements ExecutionCondition {

    static final String HOW_TO_FIX = "start a Docker engine (on a machine without a registry: bash scripts/local-images.sh)";

    @Override
    public ConditionEvaluationResult evaluateExecutionCondition(ExtensionContext context) {
        return decide(DockerClientFactory.instance().isDockerAvailable(), "true".equalsIgnoreCase(System.getenv("CI")));
    }

    static ConditionEvaluationResult decide(boolean dockerAvailable, boolean onCi) {
        if (dockerAvailable) {
            return ConditionEvaluationResult.enabled("a Docker engine answers");
        }
        if (onCi) {
            throw new IllegalStateException("CI=true but no Docker engine answers: " + HOW_TO_FIX);
        }
        return ConditionEvaluationResult.disabled("skipped: no Docker engine answers; " + HOW_TO_FIX);
    }
}
