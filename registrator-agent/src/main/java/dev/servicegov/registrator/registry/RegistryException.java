package dev.servicegov.registrator.registry;

/** The registry could not be reached or refused a request. */
public class RegistryException extends RuntimeException {

    public RegistryException(String message, Throwable cause) {
        super(message, cause);
    }
}
