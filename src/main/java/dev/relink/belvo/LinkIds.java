package dev.relink.belvo;

import java.util.Locale;
import java.util.regex.Pattern;

/**
 * Belvo's link ids are UUIDs (its spec types {@code id} and {@code id__in} so). Belvo, a Django
 * application, reads one as Django's UUIDField does: upper or lower case, with or without dashes,
 * braces or a {@code urn:uuid:} prefix; it answers ids in the canonical lower-case dashed form.
 */
public final class LinkIds {

    private static final Pattern HEX32 = Pattern.compile("[0-9a-f]{32}");

    private LinkIds() {
    }

    /** The id in canonical form, or null when it is not a UUID (Belvo refuses it in {@code id__in}). */
    public static String canonical(String id) {
        if (id == null) {
            return null;
        }
        String hex = id.trim().toLowerCase(Locale.ROOT);
        if (hex.startsWith("urn:uuid:")) {
            hex = hex.substring("urn:uuid:".length());
        }
        if (hex.startsWith("{") && hex.endsWith("}")) {
            hex = hex.substring(1, hex.length() - 1);
        }
        hex = hex.replace("-", "");
        if (!HEX32.matcher(hex).matches()) {
            return null;
        }
        return hex.substring(0, 8) + "-" + hex.substring(8, 12) + "-" + hex.substring(12, 16) + "-"
                + hex.substring(16, 20) + "-" + hex.substring(20);
    }
}
