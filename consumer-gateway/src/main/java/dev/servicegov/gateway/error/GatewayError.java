package dev.servicegov.gateway.error;

import org.slf4j.Logger;

import org.springframework.http.HttpStatusCode;

/** An error answer: the status and the body that goes with it. */
public record GatewayError(HttpStatusCode status, ErrorBody body) {

    static GatewayError of(HttpStatusCode status, String error, String service, String hint) {
        return new GatewayError(status, new ErrorBody(error, service, hint, status.value()));
    }

    /** Logs an answer of the gateway's own fault or an instance's: a 500 with its stack trace, another 5xx in a line. */
    public void log(Logger log, Object method, Object path, Throwable cause) {
        int code = status.value();
        if (code == 500) {
            log.error("{} {} failed", method, path, cause);
        } else if (code > 500 && cause != null) {
            log.warn("{} {} -> {}: {} ({})", method, path, code, body.error(), cause.toString());
        }
    }
}
