package dev.servicegov.registrator.bridge;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Consul (Go) duration strings such as {@code 10s}, {@code 500ms}, {@code 1m30s}. */
public final class Durations {

    public static final String EXPECTED = "a positive duration like 500ms, 10s, 1m or 1m30s";

    private static final Pattern GO_DURATION = Pattern.compile("(\\d+(\\.\\d+)?(ns|us|µs|ms|s|m|h))+");
    private static final Pattern PART = Pattern.compile("(\\d+(?:\\.\\d+)?)(ns|us|µs|ms|s|m|h)");
    private static final Map<String, Long> NANOS = Map.of("ns", 1L, "us", 1_000L, "µs", 1_000L, "ms", 1_000_000L,
            "s", 1_000_000_000L, "m", 60_000_000_000L, "h", 3_600_000_000_000L);

    private Durations() {
    }

    /** Whether Consul accepts the text as a positive duration. */
    public static boolean isValid(String text) {
        return text != null && GO_DURATION.matcher(text.trim()).matches() && text.trim().chars().anyMatch(c -> c >= '1' && c <= '9');
    }

    /** A valid duration text as a Java duration. */
    public static Duration parse(String text) {
        if (!isValid(text)) {
            throw new IllegalArgumentException("'" + text + "' is not " + EXPECTED);
        }
        Matcher matcher = PART.matcher(text.trim());
        BigDecimal nanos = BigDecimal.ZERO;
        while (matcher.find()) {
            nanos = nanos.add(new BigDecimal(matcher.group(1)).multiply(BigDecimal.valueOf(NANOS.get(matcher.group(2)))));
        }
        return Duration.ofNanos(nanos.longValue());
    }

    /** A Java duration as Consul duration text. */
    public static String format(Duration duration) {
        long millis = duration.toMillis();
        return millis % 1000 == 0 ? (millis / 1000) + "s" : millis + "ms";
    }
}
