package dev.servicegov.registrator.sync;

import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Linux signals written as Docker accepts them: a number ({@code 3}) or a name in any case, with or without the
 * {@code SIG} prefix ({@code SIGQUIT}, {@code quit}). A {@code kill} event carries the number; an image's
 * {@code STOPSIGNAL} is often a name.
 */
final class Signals {

    private static final Map<String, Integer> NUMBERS = Map.ofEntries(
            Map.entry("HUP", 1), Map.entry("INT", 2), Map.entry("QUIT", 3), Map.entry("ILL", 4), Map.entry("TRAP", 5),
            Map.entry("ABRT", 6), Map.entry("IOT", 6), Map.entry("BUS", 7), Map.entry("FPE", 8), Map.entry("KILL", 9),
            Map.entry("USR1", 10), Map.entry("SEGV", 11), Map.entry("USR2", 12), Map.entry("PIPE", 13),
            Map.entry("ALRM", 14), Map.entry("TERM", 15), Map.entry("STKFLT", 16), Map.entry("CHLD", 17),
            Map.entry("CLD", 17), Map.entry("CONT", 18), Map.entry("STOP", 19), Map.entry("TSTP", 20),
            Map.entry("TTIN", 21), Map.entry("TTOU", 22), Map.entry("URG", 23), Map.entry("XCPU", 24),
            Map.entry("XFSZ", 25), Map.entry("VTALRM", 26), Map.entry("PROF", 27), Map.entry("WINCH", 28),
            Map.entry("IO", 29), Map.entry("POLL", 29), Map.entry("PWR", 30), Map.entry("SYS", 31));
    /** Real-time signals as the engine names them on Linux: RTMIN is 34, RTMAX 64. */
    private static final Pattern REAL_TIME = Pattern.compile("RTMIN(?:\\+(\\d{1,2}))?|RTMAX(?:-(\\d{1,2}))?");
    private static final Pattern NUMBER = Pattern.compile("0*(\\d{1,9})");

    private Signals() {
    }

    /** Whether both name the same signal; {@code false} when either is {@code null}. */
    static boolean same(String signal, String other) {
        return signal != null && other != null && canonical(signal).equals(canonical(other));
    }

    /** The signal's number as text when known ({@code SIGQUIT} → {@code 3}), else its upper-case name without SIG. */
    static String canonical(String signal) {
        String name = signal.strip().toUpperCase(Locale.ROOT);
        name = name.startsWith("SIG") ? name.substring(3) : name;
        Matcher digits = NUMBER.matcher(name);
        if (digits.matches()) {
            return digits.group(1);
        }
        Integer known = NUMBERS.get(name);
        if (known != null) {
            return Integer.toString(known);
        }
        Matcher realTime = REAL_TIME.matcher(name);
        if (realTime.matches()) {
            int number = name.startsWith("RTMIN") ? 34 + offset(realTime.group(1)) : 64 - offset(realTime.group(2));
            return Integer.toString(number);
        }
        return name;
    }

    private static int offset(String digits) {
        return digits == null ? 0 : Integer.parseInt(digits);
    }
}
