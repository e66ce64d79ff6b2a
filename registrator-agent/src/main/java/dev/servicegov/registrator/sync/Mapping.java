package dev.servicegov.registrator.sync;

import java.time.Duration;
import java.util.List;
import java.util.Set;

import dev.servicegov.registrator.bridge.Durations;
import dev.servicegov.registrator.bridge.MappingContext;
import dev.servicegov.registrator.config.RegistratorProperties;

/** The mapping's agent-wide inputs from the properties. */
final class Mapping {

    private static final Duration MIN_HEALTH_TTL = Duration.ofSeconds(30);

    private Mapping() {
    }

    static MappingContext context(RegistratorProperties properties, String nodeName, String selfId) {
        Duration resync = properties.resyncInterval();
        Duration healthTtl = resync.multipliedBy(3).compareTo(MIN_HEALTH_TTL) < 0 ? MIN_HEALTH_TTL : resync.multipliedBy(3);
        Duration healthRefresh = resync.isZero() || resync.isNegative() ? healthTtl.dividedBy(3) : resync;
        return new MappingContext(nodeName, properties.network(), Durations.format(properties.defaultCheckInterval()),
                Durations.format(properties.defaultCheckTimeout()), Durations.format(properties.deregisterCriticalServiceAfter()),
                selfId, properties.internal(), properties.ip(), properties.explicit(),
                properties.tags().stream().filter(tag -> tagProblem(tag) == null).map(String::trim).toList(),
                blankToNull(properties.useIpFromLabel()), format(properties.ttl()), format(properties.ttlRefresh()),
                Durations.format(healthTtl), Durations.format(healthRefresh), Set.of(), properties.ipVersion());
    }

    /** What is wrong with each tag of {@code registrator.tags} that the mapping leaves out, worded for the log. */
    static List<String> tagWarnings(RegistratorProperties properties) {
        return properties.tags().stream().filter(tag -> tagProblem(tag) != null)
                .map(tag -> "registrator.tags (REGISTRATOR_TAGS): '" + tag + "' is invalid; expected " + tagProblem(tag)
                        + "; leaving it out")
                .toList();
    }

    private static String tagProblem(String tag) {
        if (tag == null || tag.isBlank()) {
            return "a tag between each two commas";
        }
        return tag.contains("{{") ? "a plain tag (registrator's Go templates are not supported)" : null;
    }

    private static String format(Duration duration) {
        return duration == null || duration.isZero() || duration.isNegative() ? null : Durations.format(duration);
    }

    private static String blankToNull(String text) {
        return text == null || text.isBlank() ? null : text.trim();
    }
}
