package dev.servicegov.gateway.settings;

import java.time.Duration;
import java.util.Map;
import java.util.Set;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Positive;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.NestedConfigurationProperty;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Settings of the consumer gateway (Consul's location is under {@code spring.cloud.consul.*}).
 *
 * @param proxy how a request is forwarded to an instance: timeouts, retries, forwarded headers
 * @param servedByHeader name of the response header that names the instance which answered
 *     ({@code id host:port}); blank is not allowed
 * @param putAsideDuration how long an instance that refused or reset a connection, or answered 502/503,
 *     is left out of load balancing before Consul itself notices (never all of a service's instances)
 * @param defaultPolicy the load-balancing policy of every service without its own
 *     {@code gateway.services.<name>.policy}; not {@code sticky}, which needs a service's own sticky header or cookie
 * @param weightMetaKey the Consul service meta key holding an instance's weight for the {@code weighted}
 *     policy (an integer from 0 to 2147483647; missing counts as 1, 0 leaves the instance out unless all are 0,
 *     any other value counts as 1 with a WARN)
 * @param watch how the gateway follows Consul
 * @param recentRequests how many of the gateway's last tries at instances (a retry is a try of its own) the status
 *     page ({@code GET /}) shows the spread of
 * @param services per-service settings, by Consul service name; a {@code sticky} one must name a sticky header or
 *     cookie
 * @param hiddenServices services of Consul's catalog that the gateway neither routes, watches nor lists, answered
 *     404 with a hint naming this setting; by default {@code consul}, Consul's own servers, whose catalog port (8300)
 *     is their RPC port and speaks no HTTP. Empty hides none
 * @param consulSslBundle name of the Spring Boot SSL bundle whose trust material verifies Consul's certificate when
 *     {@code spring.cloud.consul.scheme} is https, used by the gateway's watches and by Spring Cloud Consul's client
 *     alike, e.g. consul with spring.ssl.bundle.pem.consul.truststore.certificate=file:/run/consul-ca/ca.pem; unset:
 *     the JVM's trust store
 */
@Validated
@ConfigurationProperties(prefix = "gateway")
public record GatewayProperties(
        @NotNull @Valid @DefaultValue @NestedConfigurationProperty ProxySettings proxy,
        @NotBlank @DefaultValue("X-Served-By") String servedByHeader,
        @NotNull @NonNegativeDuration @DefaultValue("10s") Duration putAsideDuration,
        @NotNull @DefaultValue("round-robin") Policy defaultPolicy,
        @NotBlank @DefaultValue("weight") String weightMetaKey,
        @NotNull @Valid @DefaultValue @NestedConfigurationProperty WatchSettings watch,
        @DefaultValue("200") @Positive int recentRequests,
        Map<String, @Valid ServiceSettings> services,
        @DefaultValue("consul") Set<String> hiddenServices,
        String consulSslBundle) {

    public GatewayProperties {
        services = services == null ? Map.of() : Map.copyOf(services);
        requireNoStickyDefault(defaultPolicy);
        services.forEach((name, settings) -> requireStickyKey(name, settings, defaultPolicy));
        hiddenServices = hiddenServices == null ? Set.of() : Set.copyOf(hiddenServices);
        consulSslBundle = consulSslBundle == null || consulSslBundle.isBlank() ? null : consulSslBundle.strip();
    }

    /**
     * A sticky header or cookie is a service's own setting: every service without one would be balanced round robin
     * under a sticky default, unnoticed.
     */
    private static void requireNoStickyDefault(Policy defaultPolicy) {
        if (defaultPolicy == Policy.STICKY) {
            String prefix = "gateway.services.<name>.";
            throw new IllegalArgumentException("gateway.default-policy is sticky, but a service is kept sticky only by its"
                    + " own " + prefix + "sticky-header, " + prefix + "sticky-cookie or " + prefix
                    + "sticky-instance-cookie: set gateway.default-policy to another policy, and " + prefix
                    + "policy=sticky with one of those for each service to keep sticky");
        }
    }

    /** A sticky service without a header or cookie to keep a client by would be balanced round robin, unnoticed. */
    private static void requireStickyKey(String name, ServiceSettings settings, Policy defaultPolicy) {
        Policy policy = settings.policy() != null ? settings.policy() : defaultPolicy;
        if (policy == Policy.STICKY && isBlank(settings.stickyHeader()) && isBlank(settings.stickyCookie())
                && isBlank(settings.stickyInstanceCookie())) {
            String prefix = "gateway.services." + name + ".";
            throw new IllegalArgumentException(prefix + "policy is sticky, but none of " + prefix + "sticky-header, "
                    + prefix + "sticky-cookie and " + prefix + "sticky-instance-cookie is set: set one");
        }
    }

    private static boolean isBlank(String value) {
        return value == null || value.isBlank();
    }

    /** The settings of one service; a service without an entry gets the defaults. */
    public ServiceSettings service(String name) {
        ServiceSettings own = services.get(name);
        return own != null ? own : ServiceSettings.DEFAULTS;
    }

    /** The policy the service is balanced with. */
    public Policy policyOf(String name) {
        Policy own = service(name).policy();
        return own != null ? own : defaultPolicy;
    }

    /** How long an instance of the service may take to answer: its own timeout, else the global one. */
    public Duration responseTimeoutOf(String name) {
        Duration own = service(name).responseTimeout();
        return own != null ? own : proxy.responseTimeout();
    }

    /** How many more tries a request of the service gets after its first: its own number, else the global one. */
    public int retriesOf(String name) {
        Integer own = service(name).retries();
        return own != null ? own : proxy.retries();
    }

    /** The name of the instance cookie the service is sticky by, {@code null} unless it is sticky by one. */
    public String stickyInstanceCookieOf(String name) {
        String cookie = service(name).stickyInstanceCookie();
        return policyOf(name) == Policy.STICKY && cookie != null && !cookie.isBlank() ? cookie : null;
    }
}
