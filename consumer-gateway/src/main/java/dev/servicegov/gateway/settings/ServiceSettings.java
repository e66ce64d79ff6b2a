package dev.servicegov.gateway.settings;

import java.time.Duration;

import jakarta.validation.constraints.PositiveOrZero;

/**
 * Settings of one service ({@code gateway.services.<name>.*}); every component may be left out.
 *
 * @param policy how its instances are chosen; unset: {@code gateway.default-policy}
 * @param stickyCookie for {@code policy=sticky}: the cookie whose value keeps a client on one instance
 * @param stickyHeader for {@code policy=sticky}: the request header whose value keeps a client on one
 *     instance (checked before the cookie)
 * @param stickyInstanceCookie for {@code policy=sticky}: a cookie the gateway sets to the id of the instance that
 *     answered (path {@code /<service>}); a request carrying it goes back to that instance while it is usable, so
 *     any client that keeps cookies stays on one instance without a session of its own (checked before the header)
 * @param responseTimeout how long an instance of this service may take to begin its answer, and then stay silent in
 *     the middle of it, before the gateway gives up on the try (504 once no try is left); unset:
 *     {@code gateway.proxy.response-timeout}
 * @param retries how many more tries a request of this service gets after the first, on the same terms as
 *     {@code gateway.proxy.retries} (0: none, for a service whose GETs must not be repeated); unset:
 *     {@code gateway.proxy.retries}
 */
public record ServiceSettings(Policy policy, String stickyCookie, String stickyHeader, String stickyInstanceCookie,
        @NonNegativeDuration Duration responseTimeout, @PositiveOrZero Integer retries) {

    static final ServiceSettings DEFAULTS = new ServiceSettings(null, null, null, null, null, null);
}
