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
     * {@code /status/NNN} answers with that status, {@code /sleep/MS} after that many milliseconds; every
     * answer is JSON naming this instance.
     */
    private void answer(HttpExchange exchange) throws IOException {
        hits.incrementAndGet();
        exchange.getRequestBody().readAllBytes();
        String path = exchange.getRequestURI().getRawPath();
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

    @Override
    public void close() {
        server.stop(0);
    }
}
