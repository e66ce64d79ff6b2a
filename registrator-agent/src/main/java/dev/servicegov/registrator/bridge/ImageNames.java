package dev.servicegov.registrator.bridge;

import java.util.regex.Pattern;

/** Derives a service name from an image reference. */
public final class ImageNames {

    private static final Pattern IMAGE_ID = Pattern.compile("(sha256:)?[0-9a-f]{12,64}");

    private ImageNames() {
    }

    /**
     * The image's base name without registry, path, tag or digest:
     * {@code registry.example.com:5000/team/app:1.2@sha256:ab..} gives {@code app}. Empty when the
     * reference is a bare image id (which has no name).
     */
    public static String baseName(String image) {
        if (image == null || image.isBlank()) {
            return "";
        }
        String ref = image.trim();
        if (IMAGE_ID.matcher(ref).matches()) {
            return "";
        }
        int at = ref.indexOf('@');
        if (at >= 0) {
            ref = ref.substring(0, at);
        }
        int slash = ref.lastIndexOf('/');
        if (slash >= 0) {
            ref = ref.substring(slash + 1);
        }
        int colon = ref.indexOf(':');
        if (colon >= 0) {
            ref = ref.substring(0, colon);
        }
        return ref;
    }
}
