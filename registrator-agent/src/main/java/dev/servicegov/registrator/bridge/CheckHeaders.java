package dev.servicegov.registrator.bridge;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Reads {@code SERVICE_CHECK_HEADER} (gliderlabs/registrator #659): a JSON object of header names to a value or a list
 * of values, as Consul's http check takes them. Failures never quote a value: headers carry credentials.
 */
final class CheckHeaders {

    static final String EXPECTED = "a JSON object of header names to a value or a list of values, "
            + "e.g. {\"X-Check\": \"consul\"} or {\"Accept\": [\"application/json\"]}";
    /** An HTTP header name: an RFC 9110 token. */
    private static final Pattern NAME = Pattern.compile("[!#$%&'*+.^_`|~0-9A-Za-z-]+");
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private CheckHeaders() {
    }

    /** Each header's name with its values, in the order given; throws, saying why, when {@code json} is not that. */
    static Map<String, List<String>> parse(String json) {
        JsonNode object;
        try {
            object = JSON.readTree(json);
        } catch (JacksonException e) {
            // Jackson's own message would quote the token it stumbled on, which may be the credential itself
            throw new IllegalArgumentException(e.getLocation() == null ? "not JSON"
                    : "not JSON at character " + e.getLocation().getColumnNr());
        }
        if (object == null || !object.isObject()) {
            throw new IllegalArgumentException("not a JSON object");
        }
        Map<String, List<String>> headers = new LinkedHashMap<>();
        for (Map.Entry<String, JsonNode> header : object.properties()) {
            if (!NAME.matcher(header.getKey()).matches()) {
                // not quoted: a name that is no token may be "Authorization: Bearer ..." written as one
                throw new IllegalArgumentException("header name #" + (headers.size() + 1) + " is not a token (letters, "
                        + "digits and !#$%&'*+.^_`|~-)");
            }
            headers.put(header.getKey(), values(header.getKey(), header.getValue()));
        }
        return headers;
    }

    private static List<String> values(String name, JsonNode value) {
        List<JsonNode> nodes = new ArrayList<>();
        if (value.isArray()) {
            value.forEach(nodes::add);
        } else {
            nodes.add(value);
        }
        List<String> values = new ArrayList<>();
        for (JsonNode node : nodes) {
            if (!node.isString() || node.asString().chars().anyMatch(c -> c < 0x20 && c != '\t' || c == 0x7f)) {
                throw new IllegalArgumentException("a value of " + name + " is not a string of printable characters");
            }
            values.add(node.asString());
        }
        return values;
    }
}
