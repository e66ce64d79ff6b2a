package dev.servicegov.registrator.docker;

/**
 * The agent cannot start: what is wrong, naming the address it tried, and what the user can do about it. Spring Boot
 * reports it through {@link AgentStartFailureAnalyzer} instead of a stack trace, and the process exits non-zero.
 */
public class AgentStartException extends IllegalStateException {

    private final String problem;
    private final String action;

    public AgentStartException(String problem, String action, Throwable cause) {
        super(problem + " " + action, cause);
        this.problem = problem;
        this.action = action;
    }

    public String problem() {
        return problem;
    }

    public String action() {
        return action;
    }
}
