package dev.servicegov.registrator.wiring;

import dev.servicegov.registrator.docker.AgentStartException;
import dev.servicegov.registrator.registry.RegistryUri;

import org.springframework.boot.ssl.NoSuchSslBundleException;
import org.springframework.boot.ssl.SslBundle;
import org.springframework.boot.ssl.SslBundles;
import org.springframework.boot.ssl.pem.PemSslStoreBundle;
import org.springframework.boot.ssl.pem.PemSslStoreDetails;
import org.springframework.core.env.Environment;

/**
 * The TLS material for a Consul agent over TLS: the SSL bundle that {@code registrator.registry-ssl-bundle} names, else,
 * as gliderlabs/registrator read them for {@code consul-tls://}, the PEM files of {@code CONSUL_CACERT} (the CA) and
 * {@code CONSUL_TLSCERT} / {@code CONSUL_TLSKEY} (a client certificate, for an agent with {@code verify_incoming};
 * Consul's own CLI names {@code CONSUL_CLIENT_CERT} / {@code CONSUL_CLIENT_KEY} are read too). Read at start: a file
 * that is missing or unreadable stops the agent at once, naming the setting and the file, instead of failing every
 * registration later with a TLS error.
 */
final class RegistrySslBundle {

    static final String PROPERTY = "registrator.registry-ssl-bundle (REGISTRATOR_REGISTRY_SSL_BUNDLE)";
    private static final String UNREADABLE = "Check the path, that the file is mounted into the container and that the "
            + "agent's user (uid 10001) may read it.";

    private RegistrySslBundle() {
    }

    /** @return the bundle, or {@code null} when none is set (the JVM's trust store applies) */
    static SslBundle resolve(String name, RegistryUri uri, SslBundles bundles, Environment environment) {
        if (name == null) {
            return uri.tls() ? fromConsulVariables(environment) : null;
        }
        String certificate = "spring.ssl.bundle.pem." + name + ".truststore.certificate";
        try {
            SslBundle bundle = bundles.getBundle(name);
            bundle.createSslContext(); // reads the certificate files now
            return bundle;
        } catch (NoSuchSslBundleException e) {
            throw new AgentStartException(PROPERTY + " names the SSL bundle '" + name + "', which is not defined:",
                    "set " + certificate + "=file:/path/to/ca.pem", e);
        } catch (RuntimeException e) {
            throw new AgentStartException(PROPERTY + " names the SSL bundle '" + name + "', whose CA certificate could not "
                    + "be read from " + environment.getProperty(certificate, "(" + certificate + " is not set)") + " ("
                    + certificate + "): " + e.getMessage(), UNREADABLE, e);
        }
    }

    private static SslBundle fromConsulVariables(Environment environment) {
        String ca = variable(environment, "CONSUL_CACERT", null);
        String certificate = variable(environment, "CONSUL_TLSCERT", "CONSUL_CLIENT_CERT");
        String key = variable(environment, "CONSUL_TLSKEY", "CONSUL_CLIENT_KEY");
        if (ca == null && certificate == null && key == null) {
            return null;
        }
        if ((certificate == null) != (key == null)) {
            throw new AgentStartException("CONSUL_TLSCERT and CONSUL_TLSKEY go together: a client certificate needs its "
                    + "key; only " + (certificate != null ? "CONSUL_TLSCERT" : "CONSUL_TLSKEY") + " is set.",
                    "Set both, or neither.", null);
        }
        PemSslStoreDetails trust = ca == null ? null : PemSslStoreDetails.forCertificate(location(ca));
        PemSslStoreDetails keys = certificate == null ? null
                : PemSslStoreDetails.forCertificate(location(certificate)).withPrivateKey(location(key));
        try {
            SslBundle bundle = SslBundle.of(new PemSslStoreBundle(keys, trust));
            bundle.createSslContext(); // reads the files now
            return bundle;
        } catch (RuntimeException e) {
            throw new AgentStartException("The TLS files of CONSUL_CACERT (" + ca + "), CONSUL_TLSCERT (" + certificate
                    + ") and CONSUL_TLSKEY (" + key + ") could not be read: " + e.getMessage(), UNREADABLE, e);
        }
    }

    private static String variable(Environment environment, String name, String alternative) {
        String value = environment.getProperty(name);
        if ((value == null || value.isBlank()) && alternative != null) {
            value = environment.getProperty(alternative);
        }
        return value == null || value.isBlank() ? null : value.strip();
    }

    /** A path as a resource location; one that names its scheme ({@code file:}, {@code classpath:}) as it is. */
    private static String location(String path) {
        return path.matches("^[a-z]+:.*") ? path : "file:" + path;
    }
}
