package dev.servicegov.gateway.settings;

import java.time.Duration;
import java.util.regex.Pattern;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Positive;
import jakarta.validation.constraints.PositiveOrZero;

import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;

/**
 * How the gateway forwards a request to an instance ({@code gateway.proxy.*}).
 *
 * @param connectTimeout how long opening a connection to an instance may take before the try counts as failed
 * @param responseTimeout how long an instance may take to begin its answer, and then stay silent in the middle of it,
 *     before the gateway gives up on the try (504 once no try is left; an answer already begun is cut off); no limit
 *     on the answer's length; per service: {@code gateway.services.<name>.response-timeout}
 * @param retries how many more tries after the first, each on an instance the request has not tried (none when every
 *     passing one has been tried): for GET, HEAD, OPTIONS, PUT, DELETE and TRACE on a failed connection, a timeout or
 *     a 502/503/504 answer; for other methods (POST, PATCH) only when the instance was never reached; 0: no retries
 * @param trustedProxies a regular expression of caller addresses whose own {@code X-Forwarded-*} headers are kept
 *     and appended to; any other caller's are replaced by what the gateway sees. Default: loopback and the private
 *     ranges compose uses
 * @param maxBufferedBody the largest request body the gateway holds in memory, as it does with every body so that a
 *     retry can send it again: a request whose {@code Content-Length} is larger, or whose chunked body grows larger, is
 *     answered 413 without reaching an instance; below 2GB
 * @param websocketIdleTimeout how long a WebSocket carried to an instance may go without a message either way
 *     before the gateway closes it (1001, both sides); Jetty's own default, 30 s, would cut quiet sockets short
 * @param websocketMaxMessage the largest WebSocket message the gateway carries either way, text or binary, whole
 *     or in fragments: a larger one closes the WebSocket on both sides (1009, message too big); as Jetty, Reactor
 *     Netty and Spring Cloud Gateway by default, 64KB; 1KB to 2GB
 * @param maxConnectionsPerInstance how many connections the gateway opens to one instance at most; requests beyond
 *     wait for one, up to 1024 (then 503); Jetty's own 64 would hold long polls and slow answers back; at least 1
 */
public record ProxySettings(
        @NotNull @NonNegativeDuration @DefaultValue("2s") Duration connectTimeout,
        @NotNull @NonNegativeDuration @DefaultValue("30s") Duration responseTimeout,
        @PositiveOrZero @DefaultValue("2") int retries,
        @NotBlank @DefaultValue(DEFAULT_TRUSTED_PROXIES) String trustedProxies,
        @NotNull @DefaultValue("10MB") DataSize maxBufferedBody,
        @NotNull @NonNegativeDuration @DefaultValue("1h") Duration websocketIdleTimeout,
        @NotNull @DefaultValue("64KB") DataSize websocketMaxMessage,
        @Positive @DefaultValue("512") int maxConnectionsPerInstance) {

    static final String DEFAULT_TRUSTED_PROXIES =
            "127\\.0\\.0\\.1|0:0:0:0:0:0:0:1|::1|10\\..*|172\\.(1[6-9]|2[0-9]|3[01])\\..*|192\\.168\\..*";

    /** A body the gateway can hold: a byte buffer's capacity at most. */
    private static final long LARGEST_BUFFER = Integer.MAX_VALUE - 8;
    /** Below this a WebSocket could not carry a control frame's payload and close reason (125 bytes) and much else. */
    private static final long SMALLEST_WEBSOCKET_MESSAGE = 1024;

    /** An invalid setting stops the gateway at start, the binding error naming the property. */
    public ProxySettings {
        if (trustedProxies != null) {
            Pattern.compile(trustedProxies);
        }
        if (maxBufferedBody != null && (maxBufferedBody.isNegative() || maxBufferedBody.toBytes() > LARGEST_BUFFER)) {
            throw new IllegalArgumentException("max-buffered-body must be between 0B and 2GB, not " + maxBufferedBody);
        }
        if (websocketMaxMessage != null && (websocketMaxMessage.toBytes() < SMALLEST_WEBSOCKET_MESSAGE
                || websocketMaxMessage.toBytes() > LARGEST_BUFFER)) {
            throw new IllegalArgumentException("websocket-max-message must be between 1KB and 2GB, not "
                    + websocketMaxMessage);
        }
    }

    public Pattern trustedProxiesPattern() {
        return Pattern.compile(trustedProxies);
    }

    /** {@code maxBufferedBody} in bytes. */
    public int maxBufferedBodyBytes() {
        return (int) maxBufferedBody.toBytes();
    }

    /** {@code websocketMaxMessage} in bytes. */
    public int websocketMaxMessageBytes() {
        return (int) websocketMaxMessage.toBytes();
    }
}
