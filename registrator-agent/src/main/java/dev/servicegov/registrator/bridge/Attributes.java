package dev.servicegov.registrator.bridge;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
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
    }

    static Attributes forPort(ContainerInfo container, int port) {
        Map<String, Setting> general = new TreeMap<>();
        Map<String, Setting> perPort = new TreeMap<>();
        collect(container.env(), "env", port, general, perPort);
        collect(container.labels(), "label", port, general, perPort);
        general.putAll(perPort);
        return new Attributes(general);
    }

    private static void collect(Map<String, String> source, String kind, int port,
            Map<String, Setting> general, Map<String, Setting> perPort) {
        source.forEach((key, value) -> {
            String upper = key.toUpperCase(Locale.ROOT);
            if (!upper.startsWith("SERVICE_") || value == null) {
                return;
            }
            String rest = upper.substring("SERVICE_".length());
            Matcher matcher = PER_PORT.matcher(rest);
            Setting setting = new Setting(value.trim(), kind + " " + key, key);
            if (matcher.matches()) {
                if (Integer.toString(port).equals(matcher.group(1))) {
                    perPort.put(matcher.group(2), setting);
                }
            } else if (!rest.isEmpty()) {
                general.put(rest, setting);
            }
        });
    }

    /** The {@code SERVICE_<port>_*} settings, labels and environment alike, whose port is not among the ports given. */
    static List<Setting> forOtherPorts(ContainerInfo container, Set<Integer> ports) {
        List<Setting> others = new ArrayList<>();
        for (Map.Entry<String, Map<String, String>> source : Map.of("label", container.labels(), "env", container.env())
                .entrySet()) {
            source.getValue().forEach((key, value) -> {
                String upper = key.toUpperCase(Locale.ROOT);
                Matcher matcher = upper.startsWith("SERVICE_") ? PER_PORT.matcher(upper.substring("SERVICE_".length())) : null;
                if (matcher != null && matcher.matches() && value != null && !ports.contains(port(matcher.group(1)))) {
                    others.add(new Setting(value.trim(), source.getKey() + " " + key, key));
                }
            });
        }
        others.sort(Comparator.comparing(Setting::source));
        return others;
    }

    /** The port a {@code SERVICE_<port>_*} key names, or -1 when it is no port number (0, above 65535). */
    static int port(String digits) {
        int port = digits.length() > 5 ? -1 : Integer.parseInt(digits);
        return port >= 1 && port <= 65535 ? port : -1;
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
        return value != null && (value.equalsIgnoreCase("true") || value.equals("1") || value.equalsIgnoreCase("yes"));
    }

    Map<String, Setting> all() {
        return settings;
    }
}
