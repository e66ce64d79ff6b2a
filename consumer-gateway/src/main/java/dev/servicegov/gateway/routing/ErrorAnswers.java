package dev.servicegov.gateway.routing;

import java.nio.ByteBuffer;

import dev.servicegov.gateway.error.GatewayError;
import dev.servicegov.gateway.observe.GatewayMetrics;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.json.JsonMapper;

/** Writes, and counts, the gateway's own answers: {@code ErrorBody} JSON. */
public class ErrorAnswers {

    private static final Logger log = LoggerFactory.getLogger(ErrorAnswers.class);

    private final JsonMapper jsonMapper;
    private final GatewayMetrics metrics;

    public ErrorAnswers(JsonMapper jsonMapper, GatewayMetrics metrics) {
        this.jsonMapper = jsonMapper;
        this.metrics = metrics;
    }

    /** @param cause what went wrong, {@code null} when nothing failed (no healthy instance) */
    public void write(Request request, Response response, Callback callback, GatewayError answer, Throwable cause) {
        answer.log(log, request.getMethod(), request.getHttpURI().getPath(), cause);
        metrics.answered(answer.body().service(), answer.status().value(), answer.body().error());
        send(response, callback, answer);
    }

    /**
     * As {@link #write}, for a request the HTTP server refused or failed itself (Jetty has logged the cause): counted
     * without a service, since its first path segment is whatever the client sent, not a service's name (a metric tag
     * per name would grow without bound).
     */
    public void writeServerError(Response response, Callback callback, GatewayError answer) {
        metrics.answered(null, answer.status().value(), answer.body().error());
        send(response, callback, answer);
    }

    private void send(Response response, Callback callback, GatewayError answer) {
        response.setStatus(answer.status().value());
        response.getHeaders().put(HttpHeader.CONTENT_TYPE, "application/json");
        response.write(true, ByteBuffer.wrap(jsonMapper.writeValueAsBytes(answer.body())), callback);
    }
}
