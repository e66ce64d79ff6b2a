package dev.servicegov.gateway.consul;

import org.springframework.boot.http.client.HttpClientSettings;
import org.springframework.boot.ssl.NoSuchSslBundleException;
import org.springframework.boot.ssl.SslBundle;
import org.springframework.boot.ssl.SslBundles;
import org.springframework.core.env.Environment;

/**
 * How the gateway's HTTP clients verify Consul: the SSL bundle {@code gateway.consul-ssl-bundle} names, or the JVM's
 * trust store. The bundle's CA file is read at start, so a missing or unreadable one stops the gateway naming the
 * property and the file rather than leaving every watch failing with a TLS error.
 */
public final class ConsulTrust {

    static final String PROPERTY = "gateway.consul-ssl-bundle (GATEWAY_CONSUL_SSL_BUNDLE)";

    private final SslBundle bundle;

    private ConsulTrust(SslBundle bundle) {
        this.bundle = bundle;
    }

    /**
     * @param bundleName the bundle's name, or {@code null} for the JVM's trust store
     * @param scheme {@code spring.cloud.consul.scheme}: a bundle goes with https only
     */
    public static ConsulTrust of(String bundleName, String scheme, SslBundles bundles, Environment environment) {
        if (bundleName == null) {
            return new ConsulTrust(null);
        }
        if (!"https".equalsIgnoreCase(scheme)) {
            throw new IllegalStateException(PROPERTY + " is set ('" + bundleName + "') but spring.cloud.consul.scheme is '"
                    + scheme + "', not https: set SPRING_CLOUD_CONSUL_SCHEME=https (and the agent's HTTPS port), or unset the bundle");
        }
        String certificate = "spring.ssl.bundle.pem." + bundleName + ".truststore.certificate";
        try {
            SslBundle bundle = bundles.getBundle(bundleName);
            bundle.createSslContext(); // reads the certificate files now
            return new ConsulTrust(bundle);
        } catch (NoSuchSslBundleException e) {
            throw new IllegalStateException(PROPERTY + " names the SSL bundle '" + bundleName + "', which is not defined: set "
                    + certificate + "=file:/path/to/ca.pem", e);
        } catch (RuntimeException e) {
            throw new IllegalStateException(PROPERTY + " names the SSL bundle '" + bundleName + "', whose CA certificate "
                    + "could not be read from " + environment.getProperty(certificate, "(" + certificate + " is not set)")
                    + " (" + certificate + "): " + e.getMessage(), e);
        }
    }

    /** Client settings carrying the bundle, if there is one. */
    public HttpClientSettings settings() {
        return bundle != null ? HttpClientSettings.ofSslBundle(bundle) : HttpClientSettings.defaults();
    }
}
