package dev.servicegov.registrator.bridge;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Reads {@code SERVICE_CHECKS} (gliderlabs/registrator #430): more checks a service must pass besides its own, a JSON
 * array of objects whose keys are the check keys without {@code SERVICE_CHECK_}, e.g.
 * {@code [{"http": "/health/db", "interval": "10s"}, {"tcp": true, "port": 5005}]}. Each sets exactly one of
 * {@code http}, {@code https}, {@code tcp}, {@code grpc} and {@code script}: Consul probes it. None removes its
 * service when critical: that stays the service's own check's part ({@code SERVICE_CHECK_DEREGISTER_AFTER}).
 */
final class ExtraChecks {

    static final String EXPECTED = "a JSON array of objects of check keys without SERVICE_CHECK_, each setting one of "
            + "http, https, tcp, grpc or script, e.g. [{\"http\": \"/health/db\", \"interval\": \"10s\"}]";
    /** The keys that say what a check probes, each with the type of check it makes. */
    private static final Map<String, String> KINDS = Map.of("HTTP", "http", "HTTPS", "http", "TCP", "tcp", "GRPC", "grpc",
            "SCRIPT", "script");
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private ExtraChecks() {
    }

    /**
     * One check of the label: where it came from ({@code label SERVICE_CHECKS[2]}), the one key that says what it
     * probes ({@code HTTP}, ...), and its settings.
     */
    private record Element(String source, String kind, Attributes settings) {
    }

    /** The extra checks of the port's settings; one that cannot be made is a warning and left out. */
    static List<CheckDefinition> map(CheckSite site, Attributes attributes, List<String> warnings) {
        List<CheckDefinition> checks = new ArrayList<>();
        for (Element each : elements(site.container(), attributes, warnings)) {
            Attributes element = each.settings();
            String source = each.source();
            String kind = each.kind();
            if (element.value("CHECK_DEREGISTER_AFTER") != null) {
                warnings.add(CheckMapper.describe(site.container()) + ": " + element.get("CHECK_DEREGISTER_AFTER").source()
                        + " is set, but only the service's own check removes it (SERVICE_CHECK_DEREGISTER_AFTER); ignoring it");
            }
            String value = element.value("CHECK_" + kind);
            if (value == null || Attributes.isNo(value)) {
                warnings.add(CheckMapper.describe(site.container()) + ": " + source + " turns its " + kind.toLowerCase(Locale.ROOT)
                        + " check off; leaving it out");
                continue;
            }
            CheckDefinition check = site.check(element, warnings);
            if (check.type().equals(KINDS.get(kind))) {
                checks.add(check.withDeregisterCriticalServiceAfter(null));
            } else {
                // the mapping fell back to another check than the one asked for: an http value that is no path, a
                // probe of a udp port, a ttl key (which comes first)
                warnings.add(CheckMapper.describe(site.container()) + ": " + source + " sets " + kind.toLowerCase(Locale.ROOT)
                        + " but makes no such check (it came out a " + check.type() + " check); leaving it out");
            }
        }
        return checks;
    }

    /** Each check of the label that sets exactly one kind, in order. */
    private static List<Element> elements(ContainerInfo container, Attributes attributes, List<String> warnings) {
        String value = attributes.value("CHECKS");
        if (value == null) {
            return List.of();
        }
        Attributes.Setting setting = attributes.get("CHECKS");
        JsonNode array;
        try {
            array = JSON.readTree(value);
        } catch (JacksonException e) {
            // neither the value nor Jackson's message, which quotes it: a check's header may hold a credential
            warnings.add(CheckMapper.describe(container) + ": " + setting.source() + " is not JSON; expected " + EXPECTED
                    + "; registering without these checks");
            return List.of();
        }
        if (array == null || !array.isArray()) {
            warnings.add(CheckMapper.describe(container) + ": " + setting.source() + " is not a JSON array; expected "
                    + EXPECTED + "; registering without these checks");
            return List.of();
        }
        List<Element> elements = new ArrayList<>();
        for (int i = 0; i < array.size(); i++) {
            String source = setting.source() + "[" + (i + 1) + "]";
            JsonNode element = array.get(i);
            Map<String, String> keys = new LinkedHashMap<>();
            if (element.isObject()) {
                element.properties().forEach(entry -> keys.put(entry.getKey(),
                        entry.getValue().isValueNode() ? entry.getValue().asString() : entry.getValue().toString()));
            }
            List<String> kinds = keys.keySet().stream().map(key -> key.toUpperCase(Locale.ROOT)).filter(KINDS::containsKey)
                    .toList();
            if (kinds.size() != 1) {
                warnings.add(CheckMapper.describe(container) + ": " + source + (element.isObject() ? " sets "
                        + (kinds.isEmpty() ? "none" : "more than one") + " of http, https, tcp, grpc and script" : " is not a "
                        + "JSON object") + "; expected " + EXPECTED + "; leaving it out");
                continue;
            }
            elements.add(new Element(source, kinds.get(0), Attributes.ofExtraCheck(keys, source)));
        }
        return elements;
    }
}
