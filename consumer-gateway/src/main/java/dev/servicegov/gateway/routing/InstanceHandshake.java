package dev.servicegov.gateway.routing;

import java.net.URI;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import dev.servicegov.gateway.error.ServiceNames;
import jakarta.servlet.ServletRequest;
import org.eclipse.jetty.ee11.servlet.ServletContextRequest;
import org.eclipse.jetty.http.HttpFields;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.Request;

import org.springframework.cloud.client.ServiceInstance;
import org.springframework.http.HttpHeaders;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.http.server.reactive.ServerHttpRequestDecorator;

/**
 * The WebSocket handshake the gateway sends an instance for a caller's: to the instance's address, with the path
 * without the service's prefix and the query as they came, the caller's end-to-end headers (as the HTTP path passes
 * them on: hop-by-hop ones and those {@code Connection} names left out), {@code X-Forwarded-*}, and the subprotocols
 * the caller offered, in its order. The same for every instance the caller's WebSocket is tried on.
 *
 * @param pathAndQuery the path without the service's prefix, and the query, as they came
 * @param headers the handshake's headers, less the WebSocket ones its client sets itself
 * @param offered the subprotocols the caller offered
 */
record InstanceHandshake(String pathAndQuery, HttpHeaders headers, List<String> offered) {

    /** Headers of the caller's handshake that are its own: hop-by-hop, or made anew for the instance. */
    private static final Set<String> NOT_PASSED_ON = Stream.of(HttpHeader.HOST, HttpHeader.CONNECTION,
            HttpHeader.UPGRADE, HttpHeader.KEEP_ALIVE, HttpHeader.TE, HttpHeader.TRAILER, HttpHeader.TRANSFER_ENCODING,
            HttpHeader.CONTENT_LENGTH, HttpHeader.PROXY_CONNECTION, HttpHeader.PROXY_AUTHORIZATION,
            HttpHeader.PROXY_AUTHENTICATE, HttpHeader.SEC_WEBSOCKET_KEY, HttpHeader.SEC_WEBSOCKET_VERSION,
            HttpHeader.SEC_WEBSOCKET_EXTENSIONS, HttpHeader.SEC_WEBSOCKET_SUBPROTOCOL)
            .map(HttpHeader::lowerCaseName).collect(Collectors.toUnmodifiableSet());

    static InstanceHandshake of(ServerHttpRequest request, ServiceNames.RequestPath path,
            ForwardedHeaders forwardedHeaders) {
        String query = request.getURI().getRawQuery();
        return new InstanceHandshake(path.rest() + (query != null ? "?" + QueryEncoding.forUri(query) : ""),
                headers(request, path, forwardedHeaders), offered(request));
    }

    /** The instance's WebSocket URI. */
    URI target(ServiceInstance instance) {
        String host = instance.getHost();
        return URI.create((instance.isSecure() ? "wss" : "ws") + "://"
                + (host.contains(":") && !host.startsWith("[") ? "[" + host + "]" : host) + ":" + instance.getPort()
                + pathAndQuery);
    }

    private static List<String> offered(ServerHttpRequest request) {
        return request.getHeaders().getOrEmpty(HttpHeader.SEC_WEBSOCKET_SUBPROTOCOL.asString()).stream()
                .flatMap(value -> Arrays.stream(value.split(",")))
                .map(String::trim).filter(protocol -> !protocol.isEmpty()).toList();
    }

    private static HttpHeaders headers(ServerHttpRequest request, ServiceNames.RequestPath path,
            ForwardedHeaders forwardedHeaders) {
        HttpFields.Mutable sent = HttpFields.build();
        request.getHeaders().forEach((name, values) -> values.forEach(value -> sent.add(name, value)));
        Set<String> left = new HashSet<>(NOT_PASSED_ON);
        sent.getValuesList(HttpHeader.CONNECTION).stream().flatMap(value -> Arrays.stream(value.split(",")))
                .map(name -> name.trim().toLowerCase(Locale.ROOT)).forEach(left::add);
        HttpFields.Mutable forwarded = HttpFields.build();
        sent.forEach(field -> {
            if (!left.contains(field.getLowerCaseName())) {
                forwarded.add(field);
            }
        });
        // Spring WebFlux runs on Jetty's servlet layer here; the request under it is the one the HTTP path reads
        Request jettyRequest = ServletContextRequest.getServletContextRequest(
                ServerHttpRequestDecorator.<ServletRequest>getNativeRequest(request));
        forwardedHeaders.add(ForwardedHeaders.Caller.of(jettyRequest), sent, path.prefix(), forwarded);
        HttpHeaders headers = new HttpHeaders();
        forwarded.forEach(field -> headers.add(field.getName(), field.getValue()));
        return headers;
    }
}
