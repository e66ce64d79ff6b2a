package dev.servicegov.gateway.settings;

import java.time.Duration;

import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;

import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * How the gateway follows Consul ({@code gateway.watch.*}).
 *
 * @param blockingWait the {@code wait} of each blocking query: how long Consul holds a query when nothing changed
 * @param minInterval the least time between the starts of two queries of one watch, so an index that
 *     misbehaves cannot make a watch spin
 * @param retryInterval the pause after a failed query before the next try
 * @param firstAnswerTimeout how long a request waits for the first instance list of a service not watched yet
 * @param idleTimeout a service's watch stops after this long without a request for it
 * @param probeInterval how often Consul's reachability and leader are checked ({@code /v1/status/leader}); also at
 *     once when a watch's query fails
 * @param probeTimeout how long that check may take before Consul counts as unreachable (the first at least 5 s: it
 *     also sets the HTTP client up)
 * @param recoveryGrace while Consul is unreachable and for this long after it answers again, an answer that no
 *     instance of a service passes does not empty its list: the servers briefly count the agent that was away as
 *     failed, which makes every instance on it "not passing" although they all run. 0 turns this off
 * @param departedServiceMemory how long a service that left Consul's catalog with its last instance is answered 503
 *     "no healthy instance" (to be retried) rather than 404 "unknown service": its instances are likely being
 *     restarted or replaced. 0 turns this off. Also how long the gateway keeps what it built for a service that
 *     Consul's catalog no longer lists (its balancer, with its policy's turns and weights, and its meters): then it is
 *     released, built afresh if the service returns
 * @param allServices whether every service in Consul's catalog is watched from the moment it appears (one blocking
 *     query each), so a service first requested while Consul is unreachable is still served from its last known
 *     instances; false watches a service only from its first request until {@code idleTimeout} without one
 * @param maxWatches the most services watched at once, each with a blocking query that holds a connection to the
 *     Consul agent: the agent resets the connections of a client past its {@code limits.http_max_conns_per_client}
 *     (200 by default), which left every watch failing, and counts a query the gateway dropped (a watch stopped or
 *     restarted) until its wait ends, so keep this under half that limit. Past the bound, a service without a watch
 *     is read from Consul when requested, at most once a second, and gets a watch once one is free
 */
public record WatchSettings(
        @NotNull @NonNegativeDuration @DefaultValue("30s") Duration blockingWait,
        @NotNull @NonNegativeDuration @DefaultValue("100ms") Duration minInterval,
        @NotNull @PositiveDuration @DefaultValue("1s") Duration retryInterval,
        @NotNull @NonNegativeDuration @DefaultValue("5s") Duration firstAnswerTimeout,
        @NotNull @NonNegativeDuration @DefaultValue("10m") Duration idleTimeout,
        @NotNull @PositiveDuration @DefaultValue("2s") Duration probeInterval,
        @NotNull @PositiveDuration @DefaultValue("1s") Duration probeTimeout,
        @NotNull @NonNegativeDuration @DefaultValue("5s") Duration recoveryGrace,
        @NotNull @NonNegativeDuration @DefaultValue("60s") Duration departedServiceMemory,
        @DefaultValue("true") boolean allServices,
        @Min(1) @DefaultValue("64") int maxWatches) {
}
