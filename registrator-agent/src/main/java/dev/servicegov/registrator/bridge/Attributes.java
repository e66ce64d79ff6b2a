package dev.servicegov.registrator.bridge;

import java.util.Comparator;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.BiConsumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The {@code SERVICE_*} settings of a container for one port: labels win over environment variables,
 * and {@code SERVICE_<port>_KEY} wins over {@code SERVICE_KEY}. Keys are kept without the
 * {@code SERVICE_} / {@code SERVICE_<port>_} prefix, upper case.
 */
final class Attributes {

    private static final Pattern PER_PORT = Pattern.compile("(\\d+)_(.+)");

    private final Map<String, Setting> settings;

    private Attributes(Map<String, Setting> settings) {
        this.settings = settings;
    }

    /** Where a value came from, e.g. {@code label SERVICE_8080_NAME}, and the value. */
    record Setting(String value, String source, String originalKey) {

        /**
         * A key that names these may hold a credential (a check header, a token): its value is never logged. So is
         * any part of {@code SERVICE_CHECKS}, whose checks may carry headers, misspelt keys and all.
         */
        private static final Pattern SENSITIVE = Pattern.compile("HEADER|TOKEN|SECRET|PASSW|AUTH|CREDENTIAL|APIKEY|API_KEY|CHECKS");

        /** For a message: the source with the value quoted ({@code label SERVICE_X='v'}), or hidden for a sensitive key. */
        String quoted() {
            return SENSITIVE.matcher(originalKey.toUpperCase(Locale.ROOT)).find()
                    ? source + " (value not shown: it may hold a credential)" : source + "='" + value + "'";
        }
    }

    static Attributes forPort(ContainerInfo container, int port) {
        Map<String, Setting> general = new TreeMap<>();
        Map<String, Setting> perPort = new TreeMap<>();
        collect(container.env(), "env", port, general, perPort);
        collect(container.labels(), "label", port, general, perPort);
        general.putAll(perPort);
        return new Attributes(general);
    }

    /**
     * The settings of one check of {@code SERVICE_CHECKS}: its key {@code http} read as {@code CHECK_HTTP}, and so on.
     *
     * @param source where the check came from, e.g. {@code label SERVICE_CHECKS[2]}
     */
    static Attributes ofExtraCheck(Map<String, String> keys, String source) {
        Map<String, Setting> settings = new TreeMap<>();
        keys.forEach((key, value) -> {
            String upper = key.toUpperCase(Locale.ROOT);
            settings.put("CHECK_" + upper, new Setting(value.trim(), source + "." + key, "SERVICE_CHECKS_" + upper));
        });
        return new Attributes(settings);
    }

    private static void collect(Map<String, String> source, String kind, int port,
            Map<String, Setting> general, Map<String, Setting> perPort) {
        forEachSetting(source, kind, (key, setting) -> {
            if (key.portDigits() == null) {
                general.put(key.name(), setting);
            } else if (Integer.toString(port).equals(key.portDigits())) {
                perPort.put(key.name(), setting);
            }
        });
    }

    /** A {@code SERVICE_*} key without its prefix: {@code NAME}, or {@code 8080} and {@code NAME}. */
    private record Key(String portDigits, String name) {
    }

    /** Each {@code SERVICE_*} setting of the labels or the environment, with its key taken apart. */
    private static void forEachSetting(Map<String, String> source, String kind, BiConsumer<Key, Setting> action) {
        source.forEach((key, value) -> {
            String upper = key.toUpperCase(Locale.ROOT);
            if (!upper.startsWith("SERVICE_") || value == null) {
                return;
            }
            String rest = upper.substring("SERVICE_".length());
            Matcher matcher = PER_PORT.matcher(rest);
            Key parsed = matcher.matches() ? new Key(matcher.group(1), matcher.group(2)) : new Key(null, rest);
            if (!parsed.name().isEmpty()) {
                action.accept(parsed, new Setting(value.trim(), kind + " " + key, key));
            }
        });
    }

    /**
     * The {@code SERVICE_<port>_*} settings, labels and environment alike, whose port is not among the ports given,
     * each with the port it names (-1 for no port number: 0, above 65535, a leading zero), in source order.
     */
    static Map<Setting, Integer> forOtherPorts(ContainerInfo container, Set<Integer> ports) {
        Map<Setting, Integer> others = new TreeMap<>(Comparator.comparing(Setting::source));
        collectPerPort(container.labels(), "label", others, ports);
        collectPerPort(container.env(), "env", others, ports);
        return others;
    }

    private static void collectPerPort(Map<String, String> source, String kind, Map<Setting, Integer> others,
            Set<Integer> ports) {
        forEachSetting(source, kind, (key, setting) -> {
            if (key.portDigits() != null && !ports.contains(port(key.portDigits()))) {
                others.put(setting, port(key.portDigits()));
            }
        });
    }

    private static int port(String digits) {
        int port = digits.length() > 5 || digits.startsWith("0") ? -1 : Integer.parseInt(digits);
        return port <= 65535 && port >= 1 ? port : -1;
    }

    Setting get(String key) {
        return settings.get(key);
    }

    String value(String key) {
        Setting setting = settings.get(key);
        return setting == null || setting.value().isEmpty() ? null : setting.value();
    }

    boolean isPerPort(String key) {
        Setting setting = settings.get(key);
        return setting != null && PER_PORT.matcher(setting.originalKey().substring("SERVICE_".length())).matches();
    }

    boolean isTrue(String key) {
        String value = value(key);
        return value != null && isYes(value);
    }

    /** {@code true}, {@code 1} or {@code yes}, in any case. */
    static boolean isYes(String value) {
        return value.equalsIgnoreCase("true") || value.equals("1") || value.equalsIgnoreCase("yes");
    }

    /** {@code false}, {@code 0} or {@code no}, in any case. */
    static boolean isNo(String value) {
        return value.equalsIgnoreCase("false") || value.equals("0") || value.equalsIgnoreCase("no");
    }

    Map<String, Setting> all() {
        return settings;
    }
}
