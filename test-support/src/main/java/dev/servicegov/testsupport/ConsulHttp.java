package dev.servicegov.testsupport;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import javax.net.ssl.SSLContext;

import com.jayway.jsonpath.JsonPath;

/** What tests ask a Consul agent over its HTTP API (on loopback), answered as plain values. */
public final class ConsulHttp {

    private final int port;
    private final String scheme;
    private final String baseUri;
    private final String token;
    private final HttpClient http;

    public ConsulHttp(int port) {
        this(port, "http", HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build(), "");
    }

    private ConsulHttp(int port, String scheme, HttpClient http, String token) {
        this.port = port;
        this.scheme = scheme;
        this.baseUri = scheme + "://127.0.0.1:" + port;
        this.http = http;
        this.token = token;
    }

    /** An agent serving HTTPS on the port, whose certificate the context's trust material verifies. */
    public static ConsulHttp https(int port, SSLContext trust) {
        return new ConsulHttp(port, "https", HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).sslContext(trust).build(), "");
    }

    /** The same agent, asked with an ACL token. */
    public ConsulHttp withToken(String aclToken) {
        return new ConsulHttp(port, scheme, http, aclToken);
    }

    /** The addresses of the service's instances whose checks all pass. */
    public List<String> passingAddresses(String service) {
        return JsonPath.read(answer("/v1/health/service/" + service + "?passing"), "$[*].Service.Address");
    }

    /** The addresses of every registered instance of the service, whatever its checks say (the catalog's view). */
    public List<String> registeredAddresses(String service) {
        return JsonPath.read(answer("/v1/catalog/service/" + service), "$[*].ServiceAddress");
    }

    /** The addresses of the service's instances in this agent's own list (before they reach the servers' catalog). */
    public List<String> agentAddresses(String service) {
        List<Map<String, Object>> services = JsonPath.read(answer("/v1/agent/services"), "$.*");
        return services.stream().filter(entry -> service.equals(entry.get("Service")))
                .map(entry -> (String) entry.get("Address")).toList();
    }

    /** The current Raft leader's address ({@code ip:8300}) as this agent sees it, or "" while there is none. */
    public String leader() {
        String answer = get("/v1/status/leader").strip();
        return answer.startsWith("\"") ? answer.replace("\"", "") : "";
    }

    /** The body of a GET on the agent's API when it answers 200, else "[]". */
    public String get(String path) {
        HttpResponse<String> response = send(path);
        return response != null && response.statusCode() == 200 ? response.body() : "[]";
    }

    /** The body of a 200 answer; anything else fails as an assertion, so a polling test retries and reports it. */
    private String answer(String path) {
        HttpResponse<String> response = send(path);
        if (response == null || response.statusCode() != 200) {
            throw new AssertionError("Consul agent on port " + port + " answered GET " + path + " with "
                    + (response == null ? "no answer" : response.statusCode() + " " + response.body().strip()));
        }
        return response.body();
    }

    /** The whole answer to a GET on the agent's API, or null when it does not answer. */
    public HttpResponse<String> send(String path) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(baseUri + path)).timeout(Duration.ofSeconds(5));
        if (!token.isEmpty()) {
            request.header("X-Consul-Token", token);
        }
        try {
            return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            return null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        }
    }
}
