package dev.servicegov.gateway.error;

/**
 * A failure whose answer is already decided ({@link ErrorClassifier} made it where the failure happened), for the
 * gateway's error handler to write as it stands: an instance's own 404 stays the instance's, not "unknown service".
 */
public class DecidedAnswer extends RuntimeException {

    private final transient GatewayError answer;

    public DecidedAnswer(GatewayError answer, Throwable cause) {
        super(answer.body().error(), cause, false, false);
        this.answer = answer;
    }

    public GatewayError answer() {
        return answer;
    }
}
