package dev.servicegov.registrator.wiring;

import org.springframework.boot.ssl.NoSuchSslBundleException;
import org.springframework.boot.ssl.SslBundle;
import org.springframework.boot.ssl.SslBundles;
import org.springframework.core.env.Environment;

/**
 * The SSL bundle that {@code registrator.registry-ssl-bundle} names, with its trust material read at start: a CA file
 * that is missing or unreadable stops the agent at once, naming the property and the file, instead of failing every
 * registration later with a TLS error.
 */
final class RegistrySslBundle {

    static final String PROPERTY = "registrator.registry-ssl-bundle (REGISTRATOR_REGISTRY_SSL_BUNDLE)";

    private RegistrySslBundle() {
    }

    /** @return the bundle, or {@code null} when no name is set (the JVM's trust store applies) */
    static SslBundle resolve(String name, SslBundles bundles, Environment environment) {
        if (name == null) {
            return null;
        }
        String certificate = "spring.ssl.bundle.pem." + name + ".truststore.certificate";
        try {
            SslBundle bundle = bundles.getBundle(name);
            bundle.createSslContext(); // reads the certificate files now
            return bundle;
        } catch (NoSuchSslBundleException e) {
            throw new IllegalStateException(PROPERTY + " names the SSL bundle '" + name + "', which is not defined: set "
                    + certificate + "=file:/path/to/ca.pem", e);
        } catch (RuntimeException e) {
            throw new IllegalStateException(PROPERTY + " names the SSL bundle '" + name + "', whose CA certificate could not "
                    + "be read from " + environment.getProperty(certificate, "(" + certificate + " is not set)") + " ("
                    + certificate + "): " + e.getMessage(), e);
        }
    }
}
