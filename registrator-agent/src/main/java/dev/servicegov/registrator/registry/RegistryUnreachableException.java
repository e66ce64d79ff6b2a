package dev.servicegov.registrator.registry;

/**
 * The registry did not answer at all (connection refused, timed out, reset), as opposed to refusing one request:
 * every other write would fail the same way, so the writer stops trying until the registry answers again.
 */
public class RegistryUnreachableException extends RegistryException {

    public RegistryUnreachableException(String message, Throwable cause) {
        super(message, cause);
    }
}
