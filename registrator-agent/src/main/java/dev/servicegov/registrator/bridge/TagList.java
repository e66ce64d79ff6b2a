package dev.servicegov.registrator.bridge;

import java.util.ArrayList;
import java.util.List;

/** A comma-separated list of tags as registrator reads it: {@code \,} is a comma inside a tag; blank items are left out. */
public final class TagList {

    private TagList() {
    }

    public static List<String> split(String text) {
        List<String> tags = new ArrayList<>();
        StringBuilder current = new StringBuilder();
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '\\' && i + 1 < text.length() && text.charAt(i + 1) == ',') {
                current.append(',');
                i++;
            } else if (c == ',') {
                add(tags, current);
            } else {
                current.append(c);
            }
        }
        add(tags, current);
        return tags;
    }

    private static void add(List<String> tags, StringBuilder current) {
        String tag = current.toString().trim();
        if (!tag.isEmpty()) {
            tags.add(tag);
        }
        current.setLength(0);
    }
}
