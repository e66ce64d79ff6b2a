package dev.servicegov.gateway.it;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/** Registers test instances in a real Consul agent with a TTL check that the test passes or fails. */
final class ConsulAgentApi {

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final String base;

    ConsulAgentApi(int port) {
        this.base = "http://127.0.0.1:" + port;
    }

    /** Registers {@code id} of {@code service} at 127.0.0.1:port; its check starts critical until {@link #pass}. */
    void register(String service, String id, int port, String tag, String metaValue) {
        register(service, id, port, tag, java.util.Map.of("owner", metaValue));
    }

    /** As {@link #register(String, String, int, String, String)}, with the given service meta. */
    void register(String service, String id, int port, String tag, java.util.Map<String, String> meta) {
        StringBuilder metaJson = new StringBuilder("{");
        meta.forEach((key, value) -> metaJson.append(metaJson.length() > 1 ? "," : "")
                .append(quoted(key)).append(':').append(quoted(value)));
        metaJson.append('}');
        String body = """
                {"ID":%s,"Name":%s,"Address":"127.0.0.1","Port":%d,"Tags":[%s],"Meta":%s,
                 "Check":{"CheckID":%s,"TTL":"120s"}}""".formatted(quoted(id), quoted(service), port, quoted(tag),
                metaJson, quoted(checkId(id)));
        put("/v1/agent/service/register", body);
    }

    void pass(String id) {
        put("/v1/agent/check/pass/" + pathSegment(checkId(id)), "");
    }

    void fail(String id) {
        put("/v1/agent/check/fail/" + pathSegment(checkId(id)), "");
    }

    void deregister(String id) {
        put("/v1/agent/service/deregister/" + pathSegment(id), "");
    }

    static String checkId(String id) {
        return id + "-ttl";
    }

    /** A JSON string: tests register names with quotes in them, as anyone may. */
    private static String quoted(String value) {
        return '"' + value.replace("\\", "\\\\").replace("\"", "\\\"") + '"';
    }

    private static String pathSegment(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20");
    }

    private void put(String path, String body) {
        try {
            HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(base + path))
                    .timeout(Duration.ofSeconds(10))
                    .PUT(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() != 200) {
                throw new IllegalStateException("Consul answered " + response.statusCode() + " to " + path + ": "
                        + response.body());
            }
        } catch (IOException e) {
            throw new IllegalStateException("cannot reach Consul at " + base, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
