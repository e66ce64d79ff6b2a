package dev.servicegov.gateway.error;

import java.util.Optional;

import dev.servicegov.gateway.catalog.ServiceCatalog;
import dev.servicegov.gateway.consul.CatalogPresence;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Mono;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.http.MediaType;
import org.springframework.http.server.reactive.ServerHttpResponse;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebExceptionHandler;

/** Answers every failure with {@link ErrorBody} JSON, as {@link ErrorClassifier} decides; never a stack trace. */
public class GatewayErrorHandler implements WebExceptionHandler {

    private static final Logger log = LoggerFactory.getLogger(GatewayErrorHandler.class);

    private final ErrorClassifier classifier;
    private final ServiceCatalog catalog;
    private final OwnPaths ownPaths;
    private final JsonMapper jsonMapper;

    public GatewayErrorHandler(ErrorClassifier classifier, ServiceCatalog catalog, OwnPaths ownPaths, JsonMapper jsonMapper) {
        this.classifier = classifier;
        this.catalog = catalog;
        this.ownPaths = ownPaths;
        this.jsonMapper = jsonMapper;
    }

    @Override
    public Mono<Void> handle(ServerWebExchange exchange, Throwable error) {
        if (exchange.getResponse().isCommitted()) {
            return Mono.error(error);
        }
        String path = exchange.getRequest().getPath().pathWithinApplication().value();
        String service = ServiceNames.fromPath(path);
        boolean noRoute = classifier.needsCatalogLookup(error);
        // nothing answered the path: the framework's 404 (no static resource) is how it says so, not what went wrong
        Throwable cause = noRoute ? null : error;
        if (noRoute && ownPaths.contains(service)) {
            // under /actuator or /services the gateway itself has no such endpoint: no service is meant
            return write(exchange, cause, classifier.noSuchEndpoint(path));
        }
        if (!noRoute || service == null) {
            // an error of a route or of the gateway's own endpoints, or the root path: nothing to ask Consul
            return write(exchange, cause, classifier.classify(error, service, CatalogPresence.NOT_LISTED));
        }
        return catalog.presenceOf(service).defaultIfEmpty(CatalogPresence.NOT_LISTED)
                .flatMap(inCatalog -> sameNameInAnotherCase(service, inCatalog)
                        .map(Optional::of).defaultIfEmpty(Optional.empty())
                        .map(suggested -> classifier.classify(error, service, inCatalog, suggested.orElse(null))))
                .flatMap(answer -> write(exchange, cause, answer));
    }

    /** For {@code /Service-Web/...} when Consul lists no such name: {@code service-web}, to suggest it. */
    private Mono<String> sameNameInAnotherCase(String service, CatalogPresence presence) {
        if (presence != CatalogPresence.NOT_LISTED) {
            return Mono.empty();
        }
        return catalog.serviceNames().filter(name -> name.equalsIgnoreCase(service)).next()
                .onErrorResume(error -> Mono.empty());
    }

    /** @param cause what failed, logged with a 5xx answer; {@code null} when nothing did (no healthy instance) */
    private Mono<Void> write(ServerWebExchange exchange, Throwable cause, GatewayError answer) {
        answer.log(log, exchange.getRequest().getMethod(), exchange.getRequest().getPath(), cause);
        ServerHttpResponse response = exchange.getResponse();
        response.setStatusCode(answer.status());
        response.getHeaders().setContentType(MediaType.APPLICATION_JSON);
        byte[] bytes = jsonMapper.writeValueAsBytes(answer.body());
        return response.writeWith(Mono.just(response.bufferFactory().wrap(bytes)));
    }
}
