package dev.servicegov.gateway.routing;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

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
}
