package dev.servicegov.registrator.bridge;

import java.time.Duration;
import java.util.List;

/**
 * How often the agent itself passes a container's TTL check: only when the container asks, by
 * {@code SERVICE_CHECK_TTL_REFRESH} ({@code true}: every {@code registrator.ttl-refresh}, else half the TTL).
 */
final class TtlRefresh {

    private static final Duration SHORTEST = Duration.ofSeconds(1);

    private TtlRefresh() {
    }

    /**
     * How often the agent passes the container's TTL check, as asked, but at least a second apart (each refresh is a
     * write to the registry) and more often than the TTL (else the check goes critical between refreshes).
     */
    static String of(ContainerInfo container, Attributes attributes, MappingContext context, String ttl,
            List<String> warnings) {
        String refresh = requestedRefresh(container, attributes, context, ttl, warnings);
        if (refresh == null) {
            return null;
        }
        Duration every = Durations.parse(refresh);
        if (every.compareTo(Durations.parse(ttl)) >= 0) {
            warnings.add(CheckMapper.describe(container) + ": a TTL refresh every " + refresh + " is not shorter than its"
                    + " TTL (" + ttl + "), so the check would go critical between refreshes; refreshing every " + half(ttl)
                    + " instead");
            return half(ttl);
        }
        if (every.compareTo(SHORTEST) < 0) {
            warnings.add(CheckMapper.describe(container) + ": a TTL refresh every " + refresh + " would write to the"
                    + " registry without pause; refreshing every second instead");
            return Durations.format(SHORTEST);
        }
        return refresh;
    }

    private static String requestedRefresh(ContainerInfo container, Attributes attributes, MappingContext context,
            String ttl, List<String> warnings) {
        String value = attributes.value("CHECK_TTL_REFRESH");
        if (value == null) {
            // the application's own check: registrator.ttl-refresh alone does not take it over (registrator's
            // -ttl-refresh never touched Consul's checks), or the agent's passing would hide what the application reports
            return null;
        }
        if (Attributes.isNo(value)) {
            return null;
        }
        if (attributes.isTrue("CHECK_TTL_REFRESH")) {
            return context.ttlRefresh() != null ? context.ttlRefresh() : half(ttl);
        }
        if (Durations.isValid(value)) {
            return value;
        }
        CheckMapper.warn(warnings, container, attributes.get("CHECK_TTL_REFRESH"), "true, false or " + Durations.EXPECTED,
                "using half the TTL");
        return half(ttl);
    }

    /** Half a TTL: the refresh when none is given. */
    static String half(String ttl) {
        return Durations.format(Durations.parse(ttl).dividedBy(2));
    }
}
