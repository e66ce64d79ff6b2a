package dev.servicegov.registrator.registry.consul;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

/**
 * A stand-in for Consul's agent API on 127.0.0.1 that records every request as Consul would read it and answers 200,
 * with a settable body for {@code GET /v1/agent/checks}. For unit tests of what the client sends; what Consul does
 * with it is tested against the real agent.
 */
final class FakeConsulAgent implements AutoCloseable {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    /** One request as the fake agent saw it: the path decoded, as Consul reads it. */
    record Request(String method, String path, Map<String, String> query, String token, String body) {

        Map<String, Object> json() {
            return JSON.readValue(body, new TypeReference<LinkedHashMap<String, Object>>() { });
        }
    }

    private final List<Request> requests = new CopyOnWriteArrayList<>();
    private final HttpServer server;
    private volatile String agentChecks = "{}";

    private FakeConsulAgent(HttpServer server) {
        this.server = server;
    }

    static FakeConsulAgent start() throws IOException {
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getByName("127.0.0.1"), 0), 0);
        FakeConsulAgent agent = new FakeConsulAgent(server);
        server.createContext("/", agent::record);
        server.start();
        return agent;
    }

    URI uri() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
    }

    /** What the agent answers to {@code GET /v1/agent/checks} from now on. */
    void answerChecks(String json) {
        this.agentChecks = json;
    }

    List<Request> requests() {
        return requests;
    }

    @Override
    public void close() {
        server.stop(0);
    }

    private void record(HttpExchange exchange) throws IOException {
        String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
        Map<String, String> query = new LinkedHashMap<>();
        String rawQuery = exchange.getRequestURI().getRawQuery();
        if (rawQuery != null) {
            for (String pair : rawQuery.split("&")) {
                int equals = pair.indexOf('=');
                query.put(decode(pair.substring(0, equals)), decode(pair.substring(equals + 1)));
            }
        }
        // the client percent-encodes the ':' of a service id; getPath() decodes it
        requests.add(new Request(exchange.getRequestMethod(), exchange.getRequestURI().getPath(), query,
                exchange.getRequestHeaders().getFirst(ConsulHttpClients.TOKEN_HEADER), body));
        if (exchange.getRequestURI().getPath().equals("/v1/agent/checks")) {
            byte[] answer = agentChecks.getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.sendResponseHeaders(200, answer.length);
            exchange.getResponseBody().write(answer);
        } else {
            exchange.sendResponseHeaders(200, -1);
        }
        exchange.close();
    }

    private static String decode(String value) {
        return URLDecoder.decode(value, StandardCharsets.UTF_8);
    }
}
