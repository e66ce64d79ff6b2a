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

    /** The first non-empty path segment, decoded, or {@code null} for the root path (or one that climbs above it). */
    public static String fromPath(String path) {
        String segment = firstSegment(path);
        if (segment == null) {
            return null;
        }
        String name;
        try {
            name = URIUtil.decodePath(segment);
        } catch (IllegalArgumentException malformed) {
            name = segment;
        }
        return name.isEmpty() ? null : name;
    }

    /** The service's segment still encoded, after a single slash ({@code /my%20api}); {@code /} when there is none. */
    public static String prefixOf(String path) {
        String segment = firstSegment(path);
        return segment == null ? "/" : "/" + segment;
    }

    /** What follows the service's segment, at least {@code /}: the path an instance gets. */
    public static String afterService(String path) {
        String normal = URIUtil.normalizePath(path);
        if (normal == null) {
            return "/";
        }
        int end = endOfFirstSegment(normal);
        return end == normal.length() ? "/" : normal.substring(end);
    }

    private static String firstSegment(String path) {
        String normal = URIUtil.normalizePath(path);
        if (normal == null) {
            return null;
        }
        int start = startOfFirstSegment(normal);
        return start == normal.length() ? null : normal.substring(start, endOfFirstSegment(normal));
    }

    private static int startOfFirstSegment(String normal) {
        int start = 0;
        while (start < normal.length() && normal.charAt(start) == '/') {
            start++;
        }
        return start;
    }

    private static int endOfFirstSegment(String normal) {
        int end = normal.indexOf('/', startOfFirstSegment(normal));
        return end < 0 ? normal.length() : end;
    }
}
