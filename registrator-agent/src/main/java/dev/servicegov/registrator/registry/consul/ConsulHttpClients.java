package dev.servicegov.registrator.registry.consul;

import java.time.Duration;

import dev.servicegov.registrator.registry.RegistryUri;

import org.springframework.http.client.ClientHttpRequestFactory;
import org.springframework.http.client.SimpleClientHttpRequestFactory;
import org.springframework.web.client.RestClient;

/** Clients on a Consul agent's HTTP API, over TCP or its unix socket, with the ACL token when there is one. */
public final class ConsulHttpClients {

    static final String TOKEN_HEADER = "X-Consul-Token";
    static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(2);
    static final Duration READ_TIMEOUT = Duration.ofSeconds(5);

    private ConsulHttpClients() {
    }

    /** @param token ACL token, or {@code null}/blank for none */
    public static RestClient create(RegistryUri uri, String token) {
        String trimmed = token == null ? "" : token.strip();
        return RestClient.builder()
                .baseUrl(uri.httpBase().toString())
                .requestFactory(uri.socket() != null ? ConsulUnixSocket.requestFactory(uri.socket()) : tcp())
                .defaultHeaders(headers -> {
                    if (!trimmed.isEmpty()) {
                        headers.set(TOKEN_HEADER, trimmed);
                    }
                })
                .build();
    }

    private static ClientHttpRequestFactory tcp() {
        // HttpURLConnection rather than the JDK HttpClient: no selector thread, no TLS set-up for plain http (memory)
        SimpleClientHttpRequestFactory factory = new SimpleClientHttpRequestFactory();
        factory.setConnectTimeout(CONNECT_TIMEOUT);
        factory.setReadTimeout(READ_TIMEOUT);
        return factory;
    }
}
