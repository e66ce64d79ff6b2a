package dev.servicegov.gateway.consul;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.function.Function;

import reactor.core.publisher.Mono;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.cloud.client.ServiceInstance;
import org.springframework.http.ResponseEntity;
import org.springframework.web.reactive.function.client.WebClient;
import org.springframework.web.util.UriComponentsBuilder;

/**
 * The few calls the gateway makes to Consul's HTTP API, as (blocking) queries: the passing instances
 * of a service, the catalog's service names and the current leader. Sends the ACL token when there is one.
 */
public class ConsulClient {

    private final WebClient http;
    private final JsonMapper json;
    private final String baseUri;
    private final String token;
    private final String consistency;
    private volatile Runnable queryFailureListener = () -> { };

    /**
     * @param consistency {@code stale}, {@code consistent} or {@code null} (Consul's default mode)
     */
    public ConsulClient(WebClient http, JsonMapper json, String baseUri, String token, String consistency) {
        this.http = http;
        this.json = json;
        this.baseUri = baseUri;
        this.token = token == null ? "" : token.trim();
        this.consistency = consistency;
    }

    /** Runs the listener whenever a (blocking) query fails: Consul may just have gone away. Replaces the one before. */
    void onQueryFailure(Runnable listener) {
        this.queryFailureListener = listener;
    }

    /** {@code GET /v1/health/service/{name}?passing}, blocking until after {@code index} for up to {@code wait}. */
    public Mono<ConsulAnswer<List<ServiceInstance>>> passingInstances(String service, long index, Duration wait) {
        UriComponentsBuilder uri = UriComponentsBuilder.fromUriString(baseUri).path("/v1/health/service/{name}")
                .queryParam("passing");
        return query(uri, index, wait, service, body -> HealthAnswers.instances(service, body));
    }

    /** {@code GET /v1/catalog/services}, blocking until after {@code index} for up to {@code wait}. */
    public Mono<ConsulAnswer<Set<String>>> serviceNames(long index, Duration wait) {
        UriComponentsBuilder uri = UriComponentsBuilder.fromUriString(baseUri).path("/v1/catalog/services");
        return query(uri, index, wait, null, HealthAnswers::serviceNames);
    }

    /** {@code GET /v1/status/leader}: the leader's address, "" while there is none. */
    public Mono<String> leader(Duration timeout) {
        return http.get().uri(URI.create(baseUri + "/v1/status/leader"))
                .headers(headers -> addToken(headers))
                .retrieve().bodyToMono(String.class)
                .map(body -> body.replace("\"", "").strip())
                .defaultIfEmpty("")
                .timeout(timeout);
    }

    private <T> Mono<ConsulAnswer<T>> query(UriComponentsBuilder uri, long index, Duration wait, String name,
            Function<JsonNode, T> read) {
        if (consistency != null) {
            uri.queryParam(consistency);
        }
        if (index > 0) {
            uri.queryParam("index", index).queryParam("wait", wait.toMillis() + "ms");
        }
        URI target = name != null ? uri.buildAndExpand(name).encode().toUri() : uri.build().encode().toUri();
        // Consul adds up to wait/16 of jitter; past that, the connection is taken for dead
        Duration timeout = index > 0 ? wait.plus(wait.dividedBy(16)).plusSeconds(5) : Duration.ofSeconds(10);
        return http.get().uri(target)
                .headers(headers -> addToken(headers))
                .retrieve().toEntity(String.class)
                .timeout(timeout)
                .doOnError(error -> queryFailureListener.run())
                .map(entity -> answer(entity, read));
    }

    private <T> ConsulAnswer<T> answer(ResponseEntity<String> entity, Function<JsonNode, T> read) {
        String body = entity.getBody() != null ? entity.getBody() : "null";
        T value = read.apply(json.readTree(body));
        String index = entity.getHeaders().getFirst("X-Consul-Index");
        String knownLeader = entity.getHeaders().getFirst("X-Consul-KnownLeader");
        long parsed;
        try {
            parsed = index != null ? Long.parseLong(index.trim()) : 0;
        } catch (NumberFormatException e) {
            parsed = 0;
        }
        return new ConsulAnswer<>(value, parsed, knownLeader == null || Boolean.parseBoolean(knownLeader));
    }

    private void addToken(org.springframework.http.HttpHeaders headers) {
        if (!token.isEmpty()) {
            headers.set("X-Consul-Token", token);
        }
    }
}
