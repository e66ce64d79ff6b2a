package dev.servicegov.gateway.settings;

import java.time.Duration;

/**
 * Settings of one service ({@code gateway.services.<name>.*}); every component may be left out.
 *
 * @param policy how its instances are chosen; unset: {@code gateway.default-policy}
 * @param stickyCookie for {@code policy=sticky}: the cookie whose value keeps a client on one instance
 * @param stickyHeader for {@code policy=sticky}: the request header whose value keeps a client on one
 *     instance (checked before the cookie)
 * @param responseTimeout how long an instance of this service may take to answer before the gateway
 *     answers 504; unset: {@code spring.cloud.gateway.server.webflux.httpclient.response-timeout}
 */
public record ServiceSettings(Policy policy, String stickyCookie, String stickyHeader, Duration responseTimeout) {

    static final ServiceSettings DEFAULTS = new ServiceSettings(null, null, null, null);
}
