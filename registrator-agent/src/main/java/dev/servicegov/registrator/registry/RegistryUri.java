package dev.servicegov.registrator.registry;

import java.net.URI;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The parsed {@code registrator.registry-uri}: which backend, where its HTTP API is, and (for the key-value
 * backends) under which key prefix services are written.
 *
 * @param backend the kind of registry the scheme names
 * @param httpBase base URI of the backend's HTTP API ({@code http://localhost} for a unix socket)
 * @param socket path of the unix socket the HTTP API listens on, or {@code null} for TCP
 * @param prefix key prefix without leading or trailing slash (key-value backends), else {@code ""}
 */
public record RegistryUri(Backend backend, URI httpBase, String socket, String prefix) {

    /** The supported schemes, as listed in error messages and the README. */
    public static final String SUPPORTED = "consul://host:port, http://host:port, https://host:port, consul-tls://host:port, "
            + "consul-unix:///path/to/consul.sock, consulkv://host:port/prefix, etcd://host:port/prefix";

    /** The kinds of registry. */
    public enum Backend {
        /** Services in the local Consul agent's catalog, with health checks. */
        CONSUL("consul"),
        /** Keys in Consul's key-value store. */
        CONSUL_KV("consulkv"),
        /** Keys in etcd (v3 API), bound to a lease. */
        ETCD("etcd");

        private final String label;

        Backend(String label) {
            this.label = label;
        }

        /** Short name, used as the health component's name. */
        public String label() {
            return label;
        }
    }

    /** Parses the URI; throws {@link IllegalArgumentException} naming the property, the value and the expected forms. */
    public static RegistryUri parse(URI uri) {
        if (uri == null) {
            throw invalid(null, "is not set");
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        return switch (scheme) {
            case "consul", "http" -> new RegistryUri(Backend.CONSUL, http(uri, "http", 8500), null, "");
            case "https" -> new RegistryUri(Backend.CONSUL, http(uri, "https", 443), null, "");
            case "consul-tls" -> new RegistryUri(Backend.CONSUL, http(uri, "https", 8501), null, "");
            case "consul-unix" -> new RegistryUri(Backend.CONSUL, URI.create("http://localhost"), socket(uri), "");
            case "consulkv" -> new RegistryUri(Backend.CONSUL_KV, http(uri, "http", 8500), null, prefix(uri));
            case "etcd" -> new RegistryUri(Backend.ETCD, http(uri, "http", 2379), null, prefix(uri));
            default -> throw invalid(uri, "has an unsupported scheme '" + scheme + "'");
        };
    }

    /** Whether the backend's HTTP API is reached over TLS ({@code https://}, {@code consul-tls://}). */
    public boolean tls() {
        return "https".equals(httpBase.getScheme());
    }

    /** The URI's host; also a name java.net.URI does not take as a host name, such as Docker's {@code eager_turing}. */
    public static String host(URI uri) {
        if (uri == null) {
            return null;
        }
        if (uri.getHost() != null) {
            return blankToNull(uri.getHost());
        }
        String authority = uri.getRawAuthority();
        return authority == null ? null : blankToNull(authority.substring(authority.lastIndexOf('@') + 1).replaceFirst(":\\d*$", ""));
    }

    private static int port(URI uri, int defaultPort) {
        int port = uri.getPort();
        if (port == -1) {
            String authority = uri.getRawAuthority();
            Matcher digits = Pattern.compile(":(\\d{1,9})$").matcher(authority == null ? "" : authority);
            port = digits.find() ? Integer.parseInt(digits.group(1)) : defaultPort;
        }
        if (port < 1 || port > 65535) {
            throw invalid(uri, "has port " + port + ", not one from 1 to 65535");
        }
        return port;
    }

    private static URI http(URI uri, String scheme, int defaultPort) {
        String host = host(uri);
        if (host == null) {
            throw invalid(uri, "has no host");
        }
        if (host.contains(":") && !host.startsWith("[")) {
            throw invalid(uri, "has a port that is not a number from 1 to 65535");
        }
        return URI.create(scheme + "://" + host + ":" + port(uri, defaultPort));
    }

    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value;
    }

    private static String socket(URI uri) {
        String path = uri.getPath();
        if (path == null || path.isBlank() || "/".equals(path) || uri.getHost() != null) {
            throw invalid(uri, "names no socket path (three slashes: consul-unix:///path/to/consul.sock)");
        }
        return path;
    }

    private static String prefix(URI uri) {
        String path = uri.getPath() == null ? "" : uri.getPath().replaceAll("^/+|/+$", "");
        if (path.isEmpty()) {
            throw invalid(uri, "has no key prefix (e.g. " + uri.getScheme() + "://" + uri.getAuthority() + "/services)");
        }
        return path;
    }

    private static IllegalArgumentException invalid(URI uri, String problem) {
        return new IllegalArgumentException("registrator.registry-uri (REGISTRATOR_REGISTRY_URI) '" + uri + "' " + problem
                + "; supported: " + SUPPORTED);
    }
}
