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

/** Writes, and counts, the gateway's own answer to a routed request that no instance answered: {@code ErrorBody} JSON. */
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
        metrics.answered(answer.body().service(), answer.status().value(), answer.body().error());
        writeUncounted(request, response, callback, answer, cause);
    }

    /**
     * As {@link #write}, without counting the answer in the metrics: for a request refused before routing, whose
     * first path segment is whatever the client sent, not a service's name (a metric tag per name would grow without
     * bound).
     */
    public void writeUncounted(Request request, Response response, Callback callback, GatewayError answer, Throwable cause) {
        answer.log(log, request.getMethod(), request.getHttpURI().getPath(), cause);
        response.setStatus(answer.status().value());
        response.getHeaders().put(HttpHeader.CONTENT_TYPE, "application/json");
        response.write(true, ByteBuffer.wrap(jsonMapper.writeValueAsBytes(answer.body())), callback);
    }
}
