package dev.servicegov.gateway.it;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The elements of a page as {@link HeadlessChromium#dumpDom} prints them, read as a browser would: a start tag's
 * attributes end at the closing quote of their value, whatever the value says. The text of {@code <script>} and
 * {@code <style>} is left out, as it is not markup.
 */
final class DumpedDom {

    /** One start tag: its name and its attributes, values decoded. */
    record Element(String name, Map<String, String> attributes) {
    }

    private static final Pattern RAW_TEXT = Pattern.compile("(?is)<(script|style)\\b[^>]*>.*?</\\1>");
    private static final Pattern START_TAG = Pattern.compile("<([a-zA-Z][a-zA-Z0-9-]*)");

    private DumpedDom() {
    }

    static List<Element> elements(String dom) {
        String markup = RAW_TEXT.matcher(dom).replaceAll("");
        List<Element> elements = new ArrayList<>();
        Matcher tag = START_TAG.matcher(markup);
        int from = 0;
        while (tag.find(from)) {
            Map<String, String> attributes = new LinkedHashMap<>();
            from = readAttributes(markup, tag.end(), attributes);
            elements.add(new Element(tag.group(1).toLowerCase(java.util.Locale.ROOT), attributes));
        }
        return elements;
    }

    /** Reads {@code name="value"} pairs up to the tag's end; returns the index after it. */
    private static int readAttributes(String markup, int at, Map<String, String> attributes) {
        int i = at;
        while (i < markup.length() && markup.charAt(i) != '>') {
            if (Character.isWhitespace(markup.charAt(i)) || markup.charAt(i) == '/') {
                i++;
                continue;
            }
            int nameEnd = nameEnd(markup, i);
            String name = markup.substring(i, nameEnd);
            i = nameEnd;
            String value = "";
            if (markup.startsWith("=\"", i)) {
                int close = markup.indexOf('"', i + 2);
                value = decode(markup.substring(i + 2, close));
                i = close + 1;
            }
            attributes.put(name, value);
        }
        return i + 1;
    }

    /** Chromium prints every value in double quotes; a name (one character at least) runs to a space, = or >. */
    private static int nameEnd(String markup, int from) {
        int i = from + 1;
        while (i < markup.length() && !Character.isWhitespace(markup.charAt(i)) && "=>".indexOf(markup.charAt(i)) < 0) {
            i++;
        }
        return i;
    }

    private static String decode(String value) {
        return value.replace("&quot;", "\"").replace("&#39;", "'").replace("&lt;", "<").replace("&gt;", ">")
                .replace("&nbsp;", "\u00a0").replace("&amp;", "&");
    }
}
