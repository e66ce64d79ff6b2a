package dev.servicegov.gateway.it;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicInteger;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

/** A tiny service instance on 127.0.0.1 that answers every request with its name, path, query and method. */
final class FakeInstance implements AutoCloseable {

    private final String name;
    private final HttpServer server;
    private final AtomicInteger hits = new AtomicInteger();

    private FakeInstance(String name, HttpServer server) {
        this.name = name;
        this.server = server;
    }

    static FakeInstance start(String name) throws IOException {
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        FakeInstance instance = new FakeInstance(name, server);
        server.createContext("/", instance::answer);
        // answers in parallel, so a slow request does not hold up the others
        server.setExecutor(java.util.concurrent.Executors.newCachedThreadPool());
        server.start();
        return instance;
    }

    String name() {
        return name;
    }

    int port() {
        return server.getAddress().getPort();
    }

    /** How many requests this instance has answered. */
    int hits() {
        return hits.get();
    }

    /**
     * {@code /status/NNN} answers with that status, {@code /sleep/MS} after that many milliseconds,
     * {@code /echo...} also returns the request's body and headers (and answers an {@code X-Echoed-By} header),
     * {@code /drip/N} streams N pieces of 16 KiB 10 ms apart; every other answer is JSON naming this instance.
     */
    private void answer(HttpExchange exchange) throws IOException {
        hits.incrementAndGet();
        byte[] requestBody = exchange.getRequestBody().readAllBytes();
        String path = exchange.getRequestURI().getRawPath();
        if (path.startsWith("/echo")) {
            echo(exchange, requestBody);
            return;
        }
        if (path.startsWith("/drip/")) {
            drip(exchange, Integer.parseInt(path.substring("/drip/".length())));
            return;
        }
        if (path.startsWith("/sleep/")) {
            try {
                Thread.sleep(Long.parseLong(path.substring("/sleep/".length())));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        int status = path.startsWith("/status/") ? Integer.parseInt(path.substring("/status/".length())) : 200;
        String query = exchange.getRequestURI().getRawQuery();
        String body = "{\"name\":\"" + name + "\",\"path\":\"" + exchange.getRequestURI().getRawPath()
                + "\",\"query\":" + (query == null ? "null" : "\"" + query + "\"")
                + ",\"method\":\"" + exchange.getRequestMethod() + "\"}";
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        exchange.sendResponseHeaders(status, bytes.length);
        exchange.getResponseBody().write(bytes);
        exchange.close();
    }

    private void echo(HttpExchange exchange, byte[] requestBody) throws IOException {
        var answer = new java.util.LinkedHashMap<String, Object>();
        answer.put("name", name);
        answer.put("method", exchange.getRequestMethod());
        answer.put("path", exchange.getRequestURI().getRawPath());
        answer.put("query", exchange.getRequestURI().getRawQuery());
        answer.put("body", new String(requestBody, StandardCharsets.UTF_8));
        var headers = new java.util.TreeMap<String, String>();
        exchange.getRequestHeaders().forEach((header, values) -> headers.put(header.toLowerCase(java.util.Locale.ROOT), values.get(0)));
        answer.put("headers", headers);
        byte[] bytes = tools.jackson.databind.json.JsonMapper.builder().build().writeValueAsBytes(answer);
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        exchange.getResponseHeaders().set("X-Echoed-By", name);
        exchange.sendResponseHeaders(200, bytes.length);
        exchange.getResponseBody().write(bytes);
        exchange.close();
    }

    private static void drip(HttpExchange exchange, int pieces) throws IOException {
        exchange.sendResponseHeaders(200, 0);
        byte[] piece = new byte[16 * 1024];
        try (var body = exchange.getResponseBody()) {
            for (int i = 0; i < pieces; i++) {
                body.write(piece);
                body.flush();
                Thread.sleep(10);
            }
        } catch (IOException | InterruptedException dropped) {
            // the gateway dropped the answer
        } finally {
            exchange.close();
        }
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
