package dev.servicegov.gateway.error;

import org.springframework.http.HttpStatusCode;

/** An error answer: the status and the body that goes with it. */
public record GatewayError(HttpStatusCode status, ErrorBody body) {

    static GatewayError of(HttpStatusCode status, String error, String service, String hint) {
        return new GatewayError(status, new ErrorBody(error, service, hint, status.value()));
    }
}
