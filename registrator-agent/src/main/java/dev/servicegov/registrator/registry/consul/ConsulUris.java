package dev.servicegov.registrator.registry.consul;

import java.net.URI;

/** Turns the configured registry URI into the Consul agent's HTTP base URI. */
public final class ConsulUris {

    private ConsulUris() {
    }

    /** {@code consul://host:port} becomes {@code http://host:port}; http(s) stays; anything else is refused. */
    public static URI toHttp(URI uri) {
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase();
        if (uri.getHost() == null) {
            throw new IllegalArgumentException("registrator.consul-uri '" + uri + "' has no host; expected e.g. http://consul-agent:8500");
        }
        int port = uri.getPort() == -1 ? ("https".equals(scheme) ? 443 : 8500) : uri.getPort();
        return switch (scheme) {
            case "http", "https" -> URI.create(scheme + "://" + uri.getHost() + ":" + port);
            case "consul" -> URI.create("http://" + uri.getHost() + ":" + port);
            default -> throw new IllegalArgumentException("registrator.consul-uri '" + uri
                    + "' has an unsupported scheme; expected http://, https:// or consul://host:port");
        };
    }
}
