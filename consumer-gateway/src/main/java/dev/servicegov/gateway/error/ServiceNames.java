package dev.servicegov.gateway.error;

import org.eclipse.jetty.util.URIUtil;

/**
 * Reads a request path as {@code /{service}/**}, with its {@code .} and {@code ..} segments resolved first (as
 * RFC 3986 resolves them), so that {@code /a/../b/x} is routed, and answered, as {@code /b/x}. The service's segment is
 * percent-decoded ({@code /my%20api/x} names {@code my api}) and loses its path parameters ({@code /svc;v=1/x} names
 * {@code svc}); the rest of the path stays as it came: the gateway never decodes what it forwards.
 */
public final class ServiceNames {

    private ServiceNames() {
    }

    /**
     * A request path read as {@code /{service}/**}.
     *
     * @param service the first non-empty segment, decoded, or {@code null} for the root path (or one that climbs above it)
     * @param prefix the service's segment still encoded, after a single slash ({@code /my%20api}); {@code /} when there is none
     * @param rest what follows the service's segment, at least {@code /}: the path an instance gets
     */
    public record RequestPath(String service, String prefix, String rest) {
    }

    private static final RequestPath ROOT = new RequestPath(null, "/", "/");

    public static RequestPath parse(String path) {
        String normal = URIUtil.normalizePath(path);
        if (normal == null) {
            return ROOT;
        }
        int start = startOfFirstSegment(normal);
        if (start == normal.length()) {
            return ROOT;
        }
        int slash = normal.indexOf('/', start);
        int end = slash < 0 ? normal.length() : slash;
        String segment = normal.substring(start, end);
        return new RequestPath(decoded(segment), "/" + segment, end == normal.length() ? "/" : normal.substring(end));
    }

    /** {@link #parse(String)}'s service alone. */
    public static String fromPath(String path) {
        return parse(path).service();
    }

    private static String decoded(String segment) {
        String name;
        try {
            name = URIUtil.decodePath(segment);
        } catch (IllegalArgumentException malformed) {
            name = segment;
        }
        return name.isEmpty() ? null : name;
    }

    private static int startOfFirstSegment(String normal) {
        int start = 0;
        while (start < normal.length() && normal.charAt(start) == '/') {
            start++;
        }
        return start;
    }
}
