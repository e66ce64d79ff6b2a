package dev.servicegov.gateway.routing;

/**
 * A request's query as {@link java.net.URI} takes it, for the request to the instance: Jetty's server reads a query
 * with {@code | { } " < > \ ^ `}, spaces or a lone {@code %} (as browsers send JSON or {@code 50%} in one), which
 * {@code java.net.URI}, and so Jetty's client, refuses. Those characters are percent-encoded, which an instance decodes
 * to the same query; everything else goes as it came.
 */
final class QueryEncoding {

    private static final String NOT_IN_A_URI = "\"<>\\^`{|}";
    private static final char[] HEX = "0123456789ABCDEF".toCharArray();

    private QueryEncoding() {
    }

    /** @return {@code null} for no query */
    static String forUri(String query) {
        if (query == null) {
            return null;
        }
        StringBuilder encoded = null;
        for (int i = 0; i < query.length(); i++) {
            char c = query.charAt(i);
            boolean escape = c <= ' ' || c == 0x7f || NOT_IN_A_URI.indexOf(c) >= 0 || c == '%' && !escaped(query, i);
            if (escape && encoded == null) {
                encoded = new StringBuilder(query.length() + 16).append(query, 0, i);
            }
            if (escape) {
                encoded.append('%').append(HEX[c >> 4 & 0xf]).append(HEX[c & 0xf]);
            } else if (encoded != null) {
                encoded.append(c);
            }
        }
        return encoded == null ? query : encoded.toString();
    }

    /** Whether the {@code %} at {@code at} starts an escape, two hex digits. */
    private static boolean escaped(String query, int at) {
        return at + 2 < query.length() && Character.digit(query.charAt(at + 1), 16) >= 0
                && Character.digit(query.charAt(at + 2), 16) >= 0;
    }
}
