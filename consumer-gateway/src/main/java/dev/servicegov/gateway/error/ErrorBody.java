package dev.servicegov.gateway.error;

/**
 * The JSON body of every error the gateway answers itself.
 *
 * @param error what went wrong, in a few words
 * @param service the service named by the request's first path segment ({@code null} at the root)
 * @param hint what to look at next
 * @param status the HTTP status, repeated for logs and scripts
 */
public record ErrorBody(String error, String service, String hint, int status) {
}
