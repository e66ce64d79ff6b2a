package dev.servicegov.gateway.error;

import org.eclipse.jetty.util.URIUtil;

/**
 * Reads a request path as {@code /{service}/**}, with its {@code .} and {@code ..} segments resolved first (as
 * RFC 3986 resolves them), so that {@code /a/../b/x} is routed, and answered, as {@code /b/x}. The path stays
 * percent-encoded: the gateway never decodes what it forwards.
 */
public final class ServiceNames {

    private ServiceNames() {
    }

    /** The first non-empty path segment, or {@code null} for the root path (or one that climbs above it). */
    public static String fromPath(String path) {
        String normal = URIUtil.normalizePath(path);
        if (normal == null) {
            return null;
        }
        int start = 0;
        while (start < normal.length() && normal.charAt(start) == '/') {
            start++;
        }
        if (start == normal.length()) {
            return null;
        }
        int end = normal.indexOf('/', start);
        return normal.substring(start, end < 0 ? normal.length() : end);
    }

    /** What follows the service's segment ({@link #fromPath} named it), at least {@code /}: the path an instance gets. */
    public static String afterService(String path, String service) {
        String normal = URIUtil.normalizePath(path);
        String prefix = "/" + service;
        String rest = normal.substring(normal.indexOf(prefix) + prefix.length());
        return rest.isEmpty() ? "/" : rest;
    }
}
