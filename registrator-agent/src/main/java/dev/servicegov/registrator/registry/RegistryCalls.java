package dev.servicegov.registrator.registry;

import java.util.function.Supplier;

import org.springframework.web.client.ResourceAccessException;
import org.springframework.web.client.RestClientException;

/** Runs one HTTP request against a registry, turning its failures into a {@link RegistryException} that says what failed
 * ({@link RegistryUnreachableException} when the registry did not answer at all). */
public final class RegistryCalls {

    private RegistryCalls() {
    }

    /** @param backend the registry's name in messages, e.g. "etcd" */
    public static <T> T call(String backend, String what, Supplier<T> request) {
        try {
            return request.get();
        } catch (ResourceAccessException e) {
            throw new RegistryUnreachableException(backend + ": " + what + " failed: " + e.getMessage()
                    + " [is the registry at registrator.registry-uri running and reachable?]", e);
        } catch (RestClientException e) {
            Throwable cause = e.getMostSpecificCause();
            String detail = cause == e ? e.getMessage() : e.getMessage() + " [" + cause + "]";
            throw new RegistryException(backend + ": " + what + " failed: " + detail, e);
        } catch (IllegalStateException e) {
            throw new RegistryException(backend + ": " + what + " failed: " + e.getMessage(), e);
        }
    }
}
