package dev.servicegov.registrator;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

import dev.servicegov.registrator.bridge.TagList;

/**
 * gliderlabs/registrator's command line, {@code [options] <registry uri>} in Go's flag syntax ({@code -ip 10.0.0.5},
 * {@code -ip=10.0.0.5}, {@code --internal}, {@code -cleanup=false}), read as this agent's properties, so that a
 * registrator {@code command:} kept as it was runs as it did: published ports unless {@code -internal}, seconds for
 * {@code -ttl}, {@code -ttl-refresh} and {@code -resync}, milliseconds for {@code -retry-interval}. Spring's own
 * arguments ({@code --registrator.ip=...}, {@code --debug}) pass unchanged; anything else, a mistyped
 * {@code --intenral} too, stops the start with a message naming it, rather than being ignored.
 */
final class RegistratorArguments {

    private enum Kind { FLAG, TEXT, TAGS, SECONDS, MILLISECONDS, RETRIES }

    private record Option(String property, Kind kind) {
    }

    private static final Map<String, Option> OPTIONS = Map.ofEntries(
            Map.entry("ip", new Option("ip", Kind.TEXT)),
            Map.entry("internal", new Option("internal", Kind.FLAG)),
            Map.entry("explicit", new Option("explicit", Kind.FLAG)),
            Map.entry("useIpFromLabel", new Option("use-ip-from-label", Kind.TEXT)),
            Map.entry("tags", new Option("tags", Kind.TAGS)),
            Map.entry("ttl", new Option("ttl", Kind.SECONDS)),
            Map.entry("ttl-refresh", new Option("ttl-refresh", Kind.SECONDS)),
            Map.entry("resync", new Option("resync-interval", Kind.SECONDS)),
            Map.entry("deregister", new Option("deregister", Kind.TEXT)),
            Map.entry("cleanup", new Option("cleanup", Kind.FLAG)),
            Map.entry("retry-attempts", new Option("retry-attempts", Kind.RETRIES)),
            Map.entry("retry-interval", new Option("retry-interval", Kind.MILLISECONDS)),
            Map.entry("hostname", new Option("hostname", Kind.TEXT)));

    /** Spring Boot's own arguments without a dot; any other name without one is a mistyped option, not a property. */
    private static final Set<String> SPRING_FLAGS = Set.of("debug", "trace");

    private static final Set<String> TRUE = Set.of("1", "t", "true");
    private static final Set<String> FALSE = Set.of("0", "f", "false");

    /** What the arguments became: Spring's arguments, and the registrator options among them as properties. */
    record Translation(String[] springArguments, Map<String, String> properties) {
    }

    private RegistratorArguments() {
    }

    /**
     * @throws IllegalArgumentException naming an argument that is neither registrator's nor Spring's, or a value its
     *     option cannot take
     */
    static Translation translate(String... arguments) {
        List<String> spring = new ArrayList<>();
        Map<String, String> properties = new LinkedHashMap<>();
        for (int i = 0; i < arguments.length; i++) {
            String argument = arguments[i];
            if (!argument.startsWith("-") || argument.equals("-")) {
                if (properties.containsKey("registry-uri")) {
                    throw new IllegalArgumentException("a second registry URI '" + argument + "' after '"
                            + properties.get("registry-uri") + "': registrator takes one, after its options");
                }
                properties.put("registry-uri", argument);
                continue;
            }
            String flag = argument.substring(argument.startsWith("--") ? 2 : 1);
            int equals = flag.indexOf('=');
            String name = equals < 0 ? flag : flag.substring(0, equals);
            Option option = OPTIONS.get(name);
            if (option == null) {
                if (argument.startsWith("--") && (name.contains(".") || SPRING_FLAGS.contains(name))) {
                    spring.add(argument); // a Spring property, e.g. --registrator.network=backend
                    continue;
                }
                throw new IllegalArgumentException("unknown option '" + argument + "'. registrator's options are -"
                        + String.join(", -", OPTIONS.keySet().stream().sorted().toList()) + ", then the registry URI; "
                        + "every setting of this agent is also a property: --registrator.<name>=<value> or the "
                        + "environment variable REGISTRATOR_<NAME>");
            }
            String value;
            if (equals >= 0) {
                value = flag.substring(equals + 1);
            } else if (option.kind() == Kind.FLAG) {
                value = "true";
            } else if (i + 1 < arguments.length) {
                value = arguments[++i];
            } else {
                throw new IllegalArgumentException("option -" + name + " needs a value");
            }
            put(properties, name, option, value);
        }
        for (String property : properties.keySet()) {
            String bare = property.replaceFirst("\\[\\d+]$", ""); // tags[0]: tags
            if (setBySpring(spring, bare)) {
                throw new IllegalArgumentException("registrator." + bare + " is set twice: by a registrator option and"
                        + " by --registrator." + bare + "; keep one");
            }
        }
        if (!properties.isEmpty() && !properties.containsKey("internal") && !setBySpring(spring, "internal")) {
            properties.put("internal", "false"); // registrator's default: the published ports
        }
        properties.forEach((property, value) -> spring.add("--registrator." + property + "=" + value));
        return new Translation(spring.toArray(String[]::new), properties);
    }

    private static boolean setBySpring(List<String> springArguments, String property) {
        return springArguments.stream().anyMatch(argument -> argument.equals("--registrator." + property)
                || argument.startsWith("--registrator." + property + "=")
                || argument.startsWith("--registrator." + property + "["));
    }

    private static void put(Map<String, String> properties, String name, Option option, String value) {
        switch (option.kind()) {
            case FLAG -> {
                String lower = value.toLowerCase(Locale.ROOT);
                if (!TRUE.contains(lower) && !FALSE.contains(lower)) {
                    throw invalid(name, value, "true or false");
                }
                properties.put(option.property(), Boolean.toString(TRUE.contains(lower)));
            }
            case TEXT -> properties.put(option.property(), value);
            case TAGS -> {
                List<String> tags = TagList.split(value);
                for (int index = 0; index < tags.size(); index++) {
                    // one property per tag: Spring would split a tag that holds a comma (registrator's \,)
                    properties.put(option.property() + "[" + index + "]", tags.get(index));
                }
            }
            case SECONDS -> {
                int seconds = number(name, value, "whole seconds, as registrator took them (0: none)", 0);
                if (seconds > 0 || option.property().equals("resync-interval")) {
                    properties.put(option.property(), seconds + "s");
                }
            }
            case MILLISECONDS -> properties.put(option.property(),
                    number(name, value, "whole milliseconds, as registrator took them", 0) + "ms");
            case RETRIES -> properties.put(option.property(),
                    Integer.toString(number(name, value, "a number of retries, -1 for ever", -1)));
        }
    }

    private static int number(String name, String value, String expected, int least) {
        try {
            int number = Integer.parseInt(value.trim());
            if (number >= least) {
                return number;
            }
        } catch (NumberFormatException e) {
            // worded below
        }
        throw invalid(name, value, expected);
    }

    private static IllegalArgumentException invalid(String name, String value, String expected) {
        return new IllegalArgumentException("option -" + name + " '" + value + "' is invalid; expected " + expected);
    }
}
