package dev.servicegov.gateway.config;

import java.time.Duration;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Settings of the consumer gateway itself (the routing is configured under
 * {@code spring.cloud.gateway.server.webflux.*}).
 *
 * @param routeRefreshInterval how often the routes built from Consul's catalog are rebuilt even when
 *     the catalog watch saw no change; Consul's catalog index does not move when a check only changes
 *     status, so without this a service whose first instance turns healthy after registration would
 *     stay unroutable until the next catalog change
 * @param servedByHeader name of the response header that names the instance which answered
 *     ({@code id host:port}); blank is not allowed
 */
@Validated
@ConfigurationProperties(prefix = "gateway")
public record GatewayProperties(
        @NotNull @DefaultValue("5s") Duration routeRefreshInterval,
        @NotBlank @DefaultValue("X-Served-By") String servedByHeader) {
}
