package dev.servicegov.gateway.routing;

import java.net.InetSocketAddress;
import java.net.URI;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.function.Predicate;

import dev.servicegov.gateway.balancer.InstanceChooser;
import dev.servicegov.gateway.error.ServiceNames;
import dev.servicegov.gateway.settings.GatewayProperties;
import org.eclipse.jetty.http.HttpFields;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.Request;
import reactor.core.publisher.Mono;

import org.springframework.cloud.client.ServiceInstance;
import org.springframework.cloud.client.loadbalancer.RequestData;
import org.springframework.core.Ordered;
import org.springframework.http.HttpHeaders;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.web.reactive.handler.AbstractHandlerMapping;
import org.springframework.web.reactive.socket.client.WebSocketClient;
import org.springframework.web.reactive.socket.server.WebSocketService;
import org.springframework.web.server.ServerWebExchange;

/**
 * Routes a WebSocket upgrade ({@code GET /{service}/**} with {@code Upgrade: websocket}) to one healthy instance of
 * the service, chosen as any request is, through Spring WebFlux's WebSocket support: Jetty's proxy handler carries
 * HTTP exchanges only, so {@link ServiceProxy} leaves upgrades to this mapping. The instance gets the path without the
 * prefix, the query, the caller's end-to-end headers and {@code X-Forwarded-*}; the caller's answer names it in the
 * served-by header. Without a healthy instance nothing maps the request, and the gateway's error handler answers 503.
 */
public class WebSocketRoutes extends AbstractHandlerMapping {

    /** Headers of the caller's handshake that are its own (hop-by-hop, or made anew for the instance). */
    private static final Set<String> NOT_PASSED_ON = Set.of("host", "connection", "upgrade", "keep-alive", "te",
            "trailer", "transfer-encoding", "content-length", "proxy-connection", "sec-websocket-key",
            "sec-websocket-version", "sec-websocket-extensions", "sec-websocket-protocol");

    private static final String SEC_WEBSOCKET_PROTOCOL = "Sec-WebSocket-Protocol";

    private final Predicate<String> routable;
    private final InstanceChooser chooser;
    private final WebSocketClient client;
    private final WebSocketService callers;
    private final ForwardedHeaders forwardedHeaders;
    private final GatewayProperties properties;

    /**
     * @param client opens the instance's side
     * @param callers accepts the caller's side
     */
    public WebSocketRoutes(Predicate<String> routable, InstanceChooser chooser, WebSocketClient client,
            WebSocketService callers, ForwardedHeaders forwardedHeaders, GatewayProperties properties) {
        this.routable = routable;
        this.chooser = chooser;
        this.client = client;
        this.callers = callers;
        this.forwardedHeaders = forwardedHeaders;
        this.properties = properties;
        setOrder(Ordered.HIGHEST_PRECEDENCE);
    }

    /** Whether a request asks to become a WebSocket: those {@link ServiceProxy} leaves to this mapping. */
    static boolean isUpgrade(Request request) {
        return asksForWebSocket(request.getHeaders().get(HttpHeader.UPGRADE));
    }

    private static boolean asksForWebSocket(String upgrade) {
        return upgrade != null && upgrade.toLowerCase(Locale.ROOT).contains("websocket");
    }

    @Override
    protected Mono<?> getHandlerInternal(ServerWebExchange exchange) {
        ServerHttpRequest request = exchange.getRequest();
        if (!asksForWebSocket(request.getHeaders().getUpgrade())) {
            return Mono.empty();
        }
        ServiceNames.RequestPath path = ServiceNames.parse(request.getURI().getRawPath());
        if (path.service() == null || !routable.test(path.service())) {
            return Mono.empty();
        }
        return chooser.choose(path.service(), request.getHeaders()::getFirst, () -> new RequestData(request), List.of())
                .map(instance -> {
                    exchange.getResponse().getHeaders().set(properties.servedByHeader(), ServedBy.describe(instance));
                    return new WebSocketRelay(client, callers, path.service(), target(instance, path, request),
                            headersFor(request, path), offered(request), properties.responseTimeoutOf(path.service()));
                });
    }

    /** The subprotocols the caller offered, in its order. */
    private static List<String> offered(ServerHttpRequest request) {
        return request.getHeaders().getOrEmpty(SEC_WEBSOCKET_PROTOCOL).stream()
                .flatMap(value -> Arrays.stream(value.split(",")))
                .map(String::trim).filter(protocol -> !protocol.isEmpty()).toList();
    }

    private static URI target(ServiceInstance instance, ServiceNames.RequestPath path, ServerHttpRequest request) {
        String query = request.getURI().getRawQuery();
        return URI.create((instance.isSecure() ? "wss" : "ws") + "://" + hostPart(instance.getHost()) + ":"
                + instance.getPort() + path.rest() + (query != null ? "?" + query : ""));
    }

    private static String hostPart(String host) {
        return host.contains(":") && !host.startsWith("[") ? "[" + host + "]" : host;
    }

    private HttpHeaders headersFor(ServerHttpRequest request, ServiceNames.RequestPath path) {
        HttpFields.Mutable sent = HttpFields.build();
        request.getHeaders().forEach((name, values) -> values.forEach(value -> sent.add(name, value)));
        HttpFields.Mutable forwarded = HttpFields.build();
        sent.forEach(field -> {
            if (!NOT_PASSED_ON.contains(field.getLowerCaseName())) {
                forwarded.add(field);
            }
        });
        InetSocketAddress remote = request.getRemoteAddress();
        String callerAddress = remote == null ? null
                : remote.getAddress() != null ? remote.getAddress().getHostAddress() : remote.getHostString();
        URI called = request.getURI();
        int port = called.getPort() >= 0 ? called.getPort() : "https".equals(called.getScheme()) ? 443 : 80;
        forwardedHeaders.add(new ForwardedHeaders.Caller(callerAddress, called.getScheme(), sent.get(HttpHeader.HOST), port),
                sent, path.prefix(), forwarded);
        HttpHeaders headers = new HttpHeaders();
        forwarded.forEach(field -> headers.add(field.getName(), field.getValue()));
        return headers;
    }
}
