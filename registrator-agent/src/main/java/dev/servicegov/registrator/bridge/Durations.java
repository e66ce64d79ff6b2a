package dev.servicegov.registrator.bridge;

import java.time.Duration;
import java.util.regex.Pattern;

/** Consul (Go) duration strings such as {@code 10s}, {@code 500ms}, {@code 1m30s}. */
public final class Durations {

    public static final String EXPECTED = "a positive duration like 500ms, 10s, 1m or 1m30s";

    private static final Pattern GO_DURATION = Pattern.compile("(\\d+(\\.\\d+)?(ns|us|µs|ms|s|m|h))+");

    private Durations() {
    }

    /** Whether Consul accepts the text as a positive duration. */
    public static boolean isValid(String text) {
        return text != null && GO_DURATION.matcher(text.trim()).matches() && text.trim().chars().anyMatch(c -> c >= '1' && c <= '9');
    }

    /** A Java duration as Consul duration text. */
    public static String format(Duration duration) {
        long millis = duration.toMillis();
        return millis % 1000 == 0 ? (millis / 1000) + "s" : millis + "ms";
    }
}
