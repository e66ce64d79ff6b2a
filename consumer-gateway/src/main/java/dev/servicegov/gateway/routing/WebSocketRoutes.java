package dev.servicegov.gateway.routing;

import java.time.Duration;
import java.util.List;
import java.util.function.Predicate;

import dev.servicegov.gateway.balancer.InstanceChooser;
import dev.servicegov.gateway.error.DecidedAnswer;
import dev.servicegov.gateway.error.ErrorClassifier;
import dev.servicegov.gateway.error.GatewayError;
import dev.servicegov.gateway.error.ServiceNames;
import dev.servicegov.gateway.instances.InstanceQuarantine;
import dev.servicegov.gateway.observe.GatewayMetrics;
import dev.servicegov.gateway.settings.GatewayProperties;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.Request;
import reactor.core.publisher.Mono;

import org.springframework.cloud.client.ServiceInstance;
import org.springframework.cloud.client.loadbalancer.RequestData;
import org.springframework.core.Ordered;
import org.springframework.http.HttpCookie;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.web.reactive.handler.AbstractHandlerMapping;
import org.springframework.web.reactive.socket.client.WebSocketClient;
import org.springframework.web.reactive.socket.server.WebSocketService;
import org.springframework.web.server.ServerWebExchange;

/**
 * Routes a WebSocket upgrade ({@code GET /{service}/**} with {@code Upgrade: websocket}) to one healthy instance of
 * the service, chosen as any request is, through Spring WebFlux's WebSocket support: Jetty's proxy handler carries
 * HTTP exchanges only, so {@link ServiceProxy} leaves upgrades to this mapping. The instance gets the path without the
 * prefix, the query, the caller's end-to-end headers and {@code X-Forwarded-*} ({@link InstanceHandshake}); the
 * caller's answer names it in the served-by header, and carries the sticky-instance cookie of a service that has one;
 * an instance that cannot be reached is put aside and another tried ({@link WebSocketRelay}).
 * A handshake the gateway cannot take ({@link CallerHandshake}), or one for a service without a healthy instance, is
 * refused before any instance sees it; every refusal is answered by the gateway's error handler and counted as the
 * HTTP path's are.
 */
public class WebSocketRoutes extends AbstractHandlerMapping {

    private final Predicate<String> routable;
    private final InstanceChooser chooser;
    private final WebSocketClient client;
    private final WebSocketService callers;
    private final ForwardedHeaders forwardedHeaders;
    private final GatewayProperties properties;
    private final InstanceQuarantine quarantine;
    private final ErrorClassifier classifier;
    private final GatewayMetrics metrics;
    private final AnswerHeaders answerHeaders;

    /**
     * @param client opens the instance's side
     * @param callers accepts the caller's side
     */
    public WebSocketRoutes(Predicate<String> routable, InstanceChooser chooser, WebSocketClient client,
            WebSocketService callers, ForwardedHeaders forwardedHeaders, GatewayProperties properties,
            InstanceQuarantine quarantine, ErrorClassifier classifier, GatewayMetrics metrics) {
        this.routable = routable;
        this.chooser = chooser;
        this.client = client;
        this.callers = callers;
        this.forwardedHeaders = forwardedHeaders;
        this.properties = properties;
        this.quarantine = quarantine;
        this.classifier = classifier;
        this.metrics = metrics;
        this.answerHeaders = new AnswerHeaders(properties);
        setOrder(Ordered.HIGHEST_PRECEDENCE);
    }

    /**
     * Whether a request asks to become a WebSocket ({@code GET} with {@code Upgrade: websocket}): those
     * {@link ServiceProxy} leaves to this mapping.
     */
    static boolean isUpgrade(Request request) {
        return HttpMethod.GET.name().equals(request.getMethod())
                && asksForWebSocket(request.getHeaders().get(HttpHeader.UPGRADE));
    }

    private static boolean asksForWebSocket(String upgrade) {
        return "websocket".equalsIgnoreCase(upgrade);
    }

    @Override
    protected Mono<?> getHandlerInternal(ServerWebExchange exchange) {
        ServerHttpRequest request = exchange.getRequest();
        if (request.getMethod() != HttpMethod.GET || !asksForWebSocket(request.getHeaders().getUpgrade())) {
            return Mono.empty();
        }
        ServiceNames.RequestPath path = ServiceNames.parse(request.getURI().getRawPath());
        if (path.service() == null || !routable.test(path.service())) {
            return Mono.empty();
        }
        Route route = new Route(path.service(), request, InstanceHandshake.of(request, path, forwardedHeaders));
        GatewayError refusal = CallerHandshake.refusal(request.getHeaders(), path.service(), classifier);
        if (refusal != null) {
            if (refusal.status().value() == HttpStatus.UPGRADE_REQUIRED.value()) {
                exchange.getResponse().getHeaders().set(HttpHeader.SEC_WEBSOCKET_VERSION.asString(), CallerHandshake.VERSION);
            }
            return Mono.error(route.refuse(refusal, null));
        }
        return route.another(List.of())
                .switchIfEmpty(Mono.error(() -> route.refuse(classifier.noHealthyInstance(path.service()), null)))
                .map(instance -> new WebSocketRelay(client, callers, route, instance, quarantine, classifier, metrics));
    }

    /** Where one caller's WebSocket may go: the service's instances as its policy chooses them for the request. */
    private final class Route implements WebSocketRoute {

        private final String service;
        private final ServerHttpRequest request;
        private final InstanceHandshake handshake;

        Route(String service, ServerHttpRequest request, InstanceHandshake handshake) {
            this.service = service;
            this.request = request;
            this.handshake = handshake;
        }

        @Override
        public String service() {
            return service;
        }

        @Override
        public InstanceHandshake handshake() {
            return handshake;
        }

        @Override
        public Mono<ServiceInstance> another(List<ServiceInstance> tried) {
            return chooser.choose(service, request.getHeaders()::getFirst, () -> new RequestData(request), tried);
        }

        @Override
        public int retries() {
            return properties.retriesOf(service);
        }

        @Override
        public Duration handshakeTimeout() {
            return properties.responseTimeoutOf(service);
        }

        @Override
        public DecidedAnswer refuse(GatewayError answer, Throwable cause) {
            metrics.answered(service, answer.status().value(), answer.body().error());
            return new DecidedAnswer(answer, cause);
        }

        @Override
        public void nameInTheAnswer(ServerWebExchange exchange, ServiceInstance instance) {
            HttpHeaders answer = exchange.getResponse().getHeaders();
            answer.set(properties.servedByHeader(), ServedBy.describe(instance));
            String setCookie = answerHeaders.stickyInstanceCookie(service, instance, name -> {
                HttpCookie sent = request.getCookies().getFirst(name);
                return sent == null ? null : sent.getValue();
            });
            if (setCookie != null) {
                answer.add(HttpHeaders.SET_COOKIE, setCookie);
            }
        }
    }
}
