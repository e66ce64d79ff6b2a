package dev.servicegov.gateway.error;

/** Reads the service name from a request path: {@code /{service}/**}. */
public final class ServiceNames {

    private ServiceNames() {
    }

    /** The first non-empty path segment, or {@code null} for the root path. */
    public static String fromPath(String path) {
        if (path == null) {
            return null;
        }
        int start = 0;
        while (start < path.length() && path.charAt(start) == '/') {
            start++;
        }
        if (start == path.length()) {
            return null;
        }
        int end = path.indexOf('/', start);
        return path.substring(start, end < 0 ? path.length() : end);
    }
}
