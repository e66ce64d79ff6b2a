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
        for (String segment : path.split("/")) {
            if (!segment.isEmpty()) {
                return segment;
            }
        }
        return null;
    }
}
