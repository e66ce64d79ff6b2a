package dev.servicegov.gateway.routing;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

import org.eclipse.jetty.http.HttpFields;
import org.eclipse.jetty.http.HttpVersion;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;

import org.springframework.cloud.client.ServiceInstance;

/** One request routed to a service, across its tries. */
final class Routed {

    final String service;
    final Request request;
    final Response response;
    final Callback callback;
    ByteBuffer body;
    /** The instances tried so far, in order: how many tries the request has had, and where not to retry. */
    final List<ServiceInstance> tried = new ArrayList<>(3);

    Routed(String service, Request request, Response response, Callback callback) {
        this.service = service;
        this.request = request;
        this.response = response;
        this.callback = callback;
    }

    Function<String, String> headers() {
        return request.getHeaders()::get;
    }

    /**
     * An interim answer of the instance's, passed on to the caller, but never to an HTTP/1.0 one (RFC 9110, 15.2); a
     * failed write is left to the final answer to tell.
     */
    void passOnInterim(int status, HttpFields headers) {
        if (request.getConnectionMetaData().getHttpVersion().getVersion() >= HttpVersion.HTTP_1_1.getVersion()) {
            response.writeInterim(status, headers);
        }
    }
}
