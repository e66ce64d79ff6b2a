package dev.servicegov.gateway.consul;

import java.time.Duration;

/**
 * The timing of the Consul watches (from {@code gateway.watch.*}).
 *
 * @param blockingWait the {@code wait} of each blocking query
 * @param minInterval least time between the starts of two queries of one watch
 * @param retryInterval pause after a failed query
 * @param firstAnswerTimeout how long a request waits for a new watch's first answer
 * @param idleTimeout an unused watch stops after this long
 */
public record WatchTiming(Duration blockingWait, Duration minInterval, Duration retryInterval, Duration firstAnswerTimeout,
        Duration idleTimeout) {
}
