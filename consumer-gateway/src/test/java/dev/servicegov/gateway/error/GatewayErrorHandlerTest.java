package dev.servicegov.gateway.error;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import dev.servicegov.gateway.catalog.ServiceCatalog;
import dev.servicegov.gateway.consul.CatalogPresence;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.cloud.client.ServiceInstance;
import org.springframework.cloud.client.discovery.ReactiveDiscoveryClient;
import org.springframework.http.HttpStatus;
import org.springframework.mock.http.server.reactive.MockServerHttpRequest;
import org.springframework.mock.web.server.MockServerWebExchange;
import org.springframework.web.server.ResponseStatusException;

/** A path no service was routed for, answered by what Consul's catalog can tell about its first segment. */
class GatewayErrorHandlerTest {

    private final JsonMapper json = JsonMapper.builder().build();

    /** Nothing failed: the framework's 404 only says that no route took the path, and is no cause worth a line. */
    @Test
    void aServiceWithoutAHealthyInstanceIs503WithoutAWarningPerRequest() {
        Logger handlerLog = (Logger) LoggerFactory.getLogger(GatewayErrorHandler.class);
        ListAppender<ILoggingEvent> logged = new ListAppender<>();
        logged.start();
        handlerLog.addAppender(logged);
        try {
            MockServerWebExchange exchange = unroutedRequest("/web/x", CatalogPresence.LISTED);

            assertThat(exchange.getResponse().getStatusCode()).isEqualTo(HttpStatus.SERVICE_UNAVAILABLE);
            assertThat(logged.list).as("logged").isEmpty();
        } finally {
            handlerLog.detachAppender(logged);
        }
    }

    @Test
    void aServiceConsulLacksIs404() {
        MockServerWebExchange exchange = unroutedRequest("/nope/x", CatalogPresence.NOT_LISTED);

        assertThat(exchange.getResponse().getStatusCode()).isEqualTo(HttpStatus.NOT_FOUND);
        assertThat(body(exchange).get("error").asString()).isEqualTo("unknown service");
    }

    @Test
    void aServiceConsulHasInAnotherCaseIsSuggested() {
        MockServerWebExchange exchange = unroutedRequest("/Service-Web/x", CatalogPresence.NOT_LISTED);

        assertThat(exchange.getResponse().getStatusCode()).isEqualTo(HttpStatus.NOT_FOUND);
        assertThat(body(exchange).get("hint").asString()).contains("did you mean 'service-web'?", "case-sensitive");
        assertThat(body(unroutedRequest("/nope/x", CatalogPresence.NOT_LISTED)).get("hint").asString())
                .doesNotContain("did you mean");
    }

    @Test
    void aServiceConsulCannotBeAskedAboutIs503SayingConsulIsUnreachable() {
        MockServerWebExchange exchange = unroutedRequest("/web/x", CatalogPresence.CONSUL_UNREACHABLE);

        assertThat(exchange.getResponse().getStatusCode()).isEqualTo(HttpStatus.SERVICE_UNAVAILABLE);
        JsonNode body = body(exchange);
        assertThat(body.get("error").asString()).isEqualTo("Consul unreachable");
        assertThat(body.get("service").asString()).isEqualTo("web");
        assertThat(body.get("hint").asString()).contains("Consul is unreachable");
        assertThat(body.get("status").asInt()).isEqualTo(503);
    }

    @Test
    void aPathUnderTheGatewaysOwnEndpointsIsItsOwn404EvenWhileConsulIsUnreachable() {
        MockServerWebExchange exchange = unroutedRequest("/actuator/healht", CatalogPresence.CONSUL_UNREACHABLE);

        assertThat(exchange.getResponse().getStatusCode()).isEqualTo(HttpStatus.NOT_FOUND);
        JsonNode body = body(exchange);
        assertThat(body.get("error").asString()).isEqualTo("no such endpoint of the gateway");
        assertThat(body.get("hint").asString()).contains("/actuator/healht", "/actuator/health");
    }

    @Test
    void ownPathsAreTheFirstSegmentsOfTheBasePathsAndNeverTheRoot() {
        OwnPaths own = OwnPaths.of("/services", "/manage/x", "/");
        assertThat(own.firstSegments()).containsExactlyInAnyOrder("services", "manage");
        assertThat(own.contains(null)).isFalse();
    }

    private MockServerWebExchange unroutedRequest(String path, CatalogPresence presence) {
        ServiceCatalog catalog = new ServiceCatalog(new NamesOnly("service-web", "web"), name -> Mono.just(presence),
                name -> null);
        GatewayErrorHandler handler = new GatewayErrorHandler(new ErrorClassifier(), catalog,
                OwnPaths.of("/services", "/actuator"), json);
        MockServerWebExchange exchange = MockServerWebExchange.from(MockServerHttpRequest.get(path));
        handler.handle(exchange, new ResponseStatusException(HttpStatus.NOT_FOUND)).block(Duration.ofSeconds(5));
        return exchange;
    }

    private JsonNode body(MockServerWebExchange exchange) {
        return json.readTree(exchange.getResponse().getBodyAsString().block(Duration.ofSeconds(5)));
    }

    /** Lists the names, with no instances. */
    private record NamesOnly(String... names) implements ReactiveDiscoveryClient {

        @Override
        public String description() {
            return "names only";
        }

        @Override
        public Flux<ServiceInstance> getInstances(String serviceId) {
            return Flux.empty();
        }

        @Override
        public Flux<String> getServices() {
            return Flux.just(names);
        }
    }
}
