package dev.servicegov.gateway.consul;

import org.springframework.boot.context.properties.source.InvalidConfigurationPropertyValueException;
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

    static final String PROPERTY = "gateway.consul-ssl-bundle";

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
            throw invalid(bundleName, "a bundle goes with spring.cloud.consul.scheme=https, and the scheme is "
                    + (scheme == null ? "not set (http)" : "'" + scheme + "'") + ": set SPRING_CLOUD_CONSUL_SCHEME=https "
                    + "(and the agent's HTTPS port), or unset GATEWAY_CONSUL_SSL_BUNDLE");
        }
        String certificate = "spring.ssl.bundle.pem." + bundleName + ".truststore.certificate";
        try {
            SslBundle bundle = bundles.getBundle(bundleName);
            bundle.createSslContext(); // reads the certificate files now
            return new ConsulTrust(bundle);
        } catch (NoSuchSslBundleException e) {
            throw invalid(bundleName, "no SSL bundle of that name is defined: set " + certificate + "=file:/path/to/ca.pem");
        } catch (RuntimeException e) {
            throw invalid(bundleName, "the bundle's CA certificate could not be read from "
                    + environment.getProperty(certificate, "(" + certificate + " is not set)") + " (" + certificate + "): "
                    + e.getMessage());
        }
    }

    /** Spring Boot reports it as the property, its value and the reason, without a stack trace. */
    private static InvalidConfigurationPropertyValueException invalid(String bundleName, String reason) {
        return new InvalidConfigurationPropertyValueException(PROPERTY, bundleName, reason);
    }

    /** Client settings carrying the bundle, if there is one. */
    public HttpClientSettings settings() {
        return bundle != null ? HttpClientSettings.ofSslBundle(bundle) : HttpClientSettings.defaults();
    }
}
