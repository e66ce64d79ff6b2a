package dev.servicegov.registrator.registry.consul;

import java.io.IOException;
import java.net.HttpURLConnection;
import java.time.Duration;

import dev.servicegov.registrator.registry.RegistryUri;

import javax.net.ssl.HttpsURLConnection;
import javax.net.ssl.SSLSocketFactory;

import org.springframework.boot.ssl.SslBundle;
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
        return create(uri, token, null);
    }

    /**
     * @param token ACL token, or {@code null}/blank for none
     * @param trust SSL bundle whose trust material verifies an https agent, or {@code null} for the JVM's trust store
     */
    public static RestClient create(RegistryUri uri, String token, SslBundle trust) {
        String trimmed = token == null ? "" : token.strip();
        return RestClient.builder()
                .baseUrl(uri.httpBase().toString())
                .requestFactory(uri.socket() != null ? ConsulUnixSocket.requestFactory(uri.socket()) : tcp(trust))
                .defaultHeaders(headers -> {
                    if (!trimmed.isEmpty()) {
                        headers.set(TOKEN_HEADER, trimmed);
                    }
                })
                .build();
    }

    private static ClientHttpRequestFactory tcp(SslBundle trust) {
        // HttpURLConnection rather than the JDK HttpClient: no selector thread, no TLS set-up for plain http (memory).
        // Spring Boot's request factory builders would apply the bundle too, but their module brings auto-configurations.
        SSLSocketFactory sockets = trust == null ? null : trust.createSslContext().getSocketFactory();
        SimpleClientHttpRequestFactory factory = new SimpleClientHttpRequestFactory() {
            @Override
            protected void prepareConnection(HttpURLConnection connection, String httpMethod) throws IOException {
                super.prepareConnection(connection, httpMethod);
                if (sockets != null && connection instanceof HttpsURLConnection https) {
                    https.setSSLSocketFactory(sockets);
                }
            }
        };
        factory.setConnectTimeout(CONNECT_TIMEOUT);
        factory.setReadTimeout(READ_TIMEOUT);
        return factory;
    }
}
