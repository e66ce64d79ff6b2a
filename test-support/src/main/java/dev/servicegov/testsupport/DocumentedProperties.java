package dev.servicegov.testsupport;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import com.jayway.jsonpath.JsonPath;

/**
 * The configuration properties a module documents, side by side: the rows of its README's tables and the entries of
 * the {@code spring-configuration-metadata.json} its build generated, so that a test can hold them equal.
 */
public final class DocumentedProperties {

    /**
     * A README table row of one property: first cell {@code `name` / `ENV_NAME`}, second cell its default (a {@code \|}
     * in it, which a table needs for {@code |}, read as {@code |}).
     *
     * @param env the upper-case name in back quotes in the first cell, {@code null} when the row gives none
     */
    public record Row(String property, String env, String defaultCell) {
    }

    /** A property of the generated metadata; {@code defaultValue} as the metadata writes it, or {@code null}. */
    public record Entry(String name, String type, String description, String defaultValue) {
    }

    private static final Pattern QUOTED = Pattern.compile("`([^`]+)`");
    private static final Pattern ENV = Pattern.compile("[A-Z][A-Z0-9_<>]*");

    private DocumentedProperties() {
    }

    /** The rows, by property, of every Markdown table in {@code readme} whose first cell starts with {@code `prefix.}. */
    public static Map<String, Row> readmeRows(Path readme, String prefix) {
        Map<String, Row> rows = new LinkedHashMap<>();
        for (String line : lines(readme)) {
            if (!line.startsWith("| `" + prefix + ".")) {
                continue;
            }
            String[] cells = line.split("(?<!\\\\)\\|");
            List<String> quoted = quoted(cells[1]);
            String env = quoted.stream().skip(1).filter(token -> ENV.matcher(token).matches()).findFirst().orElse(null);
            rows.put(quoted.get(0), new Row(quoted.get(0), env, cells[2].strip().replace("\\|", "|")));
        }
        return rows;
    }

    /** The properties under {@code prefix.} of the metadata the configuration processor wrote, by name. */
    public static Map<String, Entry> metadata(String prefix) {
        try (InputStream json = DocumentedProperties.class.getResourceAsStream("/META-INF/spring-configuration-metadata.json")) {
            if (json == null) {
                throw new IllegalStateException("no META-INF/spring-configuration-metadata.json on the class path: "
                        + "is spring-boot-configuration-processor an annotation processor of the module?");
            }
            List<Map<String, Object>> properties = JsonPath.read(json, "$.properties[*]");
            Map<String, Entry> entries = new LinkedHashMap<>();
            for (Map<String, Object> property : properties) {
                String name = (String) property.get("name");
                if (name.startsWith(prefix + ".")) {
                    entries.put(name, new Entry(name, (String) property.get("type"), (String) property.get("description"),
                            shown(property.get("defaultValue"))));
                }
            }
            return entries;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The environment variable that sets the property: dots and dashes become underscores, all in upper case. */
    public static String envName(String property) {
        return property.replace('.', '_').replace('-', '_').toUpperCase(Locale.ROOT);
    }

    /**
     * What the README and the metadata disagree on, beyond which properties they have: a row without its environment
     * variable, a default the row does not begin with, a property without a description or with a description the
     * configuration processor took from the javadoc of a longer parameter name that starts with its own
     * ({@code @param deregister} read from {@code @param deregisterCriticalServiceAfter ...}). Empty when they agree.
     */
    public static List<String> discrepancies(Map<String, Row> readme, Map<String, Entry> metadata) {
        List<String> found = new ArrayList<>();
        for (Row row : readme.values()) {
            if (!envName(row.property()).equals(row.env())) {
                found.add(row.property() + ": the README names the variable " + row.env() + ", not " + envName(row.property()));
            }
        }
        for (Entry entry : metadata.values()) {
            Row row = readme.get(entry.name());
            if (row != null && entry.defaultValue() != null && !row.defaultCell().startsWith("`" + entry.defaultValue() + "`")) {
                found.add(entry.name() + ": the README's default is " + row.defaultCell() + ", the code's " + entry.defaultValue());
            }
            if (entry.description() == null || entry.description().isBlank()) {
                found.add(entry.name() + ": no description in the metadata (a @param of the record's javadoc)");
            }
            for (Entry longer : metadata.values()) {
                if (longer.name().startsWith(entry.name() + "-") && entry.description() != null
                        && longer.description() != null && entry.description().endsWith(longer.description())) {
                    found.add(entry.name() + ": the description is " + longer.name() + "'s: " + entry.description());
                }
            }
        }
        return found;
    }

    private static String shown(Object defaultValue) {
        if (defaultValue instanceof Collection<?> values) {
            return values.stream().map(String::valueOf).collect(Collectors.joining(","));
        }
        return defaultValue == null ? null : String.valueOf(defaultValue);
    }

    private static List<String> quoted(String cell) {
        List<String> tokens = new ArrayList<>();
        Matcher matcher = QUOTED.matcher(cell);
        while (matcher.find()) {
            tokens.add(matcher.group(1));
        }
        return tokens;
    }

    private static List<String> lines(Path file) {
        try {
            return Files.readAllLines(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
