package dev.relink.channel;

import java.text.Normalizer;
import java.util.Map;

/**
 * SMS length as the phone network counts it. A message whose every character is in the GSM 03.38
 * alphabet travels as GSM-7 (160 septets in one segment, 153 per segment when split; the extension
 * characters {@code ^ { } [ ] ~ | \ €} take two); anything else makes the whole message UCS-2 (70
 * UTF-16 units, 67 per segment when split). Before sending, letters with accents that GSM-7 lacks
 * are folded to their base letter (á → a, ç → c, ã → a), as Twilio's "smart encoding" does, so a
 * Spanish or Portuguese prompt keeps GSM-7's 306 characters for two segments instead of UCS-2's 134.
 */
public final class SmsText {

    /** The longest prompt SMS Relink sends: two segments (306 GSM-7 characters). */
    public static final int MAX_SEGMENTS = 2;

    static final String GSM_BASIC = "@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !\"#¤%&'()*+,-./0123456789:;<=>?"
            + "¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà";
    static final String GSM_EXTENSION = "^{}\\[~]|€\f";

    private static final Map<Character, String> TYPOGRAPHY = Map.of(
            '\u2018', "'", '\u2019', "'", '\u201C', "\"", '\u201D', "\"",
            '\u2013', "-", '\u2014', "-", '\u2026', "...", '\u00A0', " ", '\u00AB', "\"", '\u00BB', "\"");

    private SmsText() {
    }

    /** The text with characters GSM-7 lacks folded to ones it has, where a fold exists. */
    public static String toGsm(String text) {
        StringBuilder out = new StringBuilder(text.length());
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (isGsm(c)) {
                out.append(c);
            } else if (TYPOGRAPHY.containsKey(c)) {
                out.append(TYPOGRAPHY.get(c));
            } else {
                String base = Normalizer.normalize(String.valueOf(c), Normalizer.Form.NFD).replaceAll("\\p{M}", "");
                out.append(base.length() == 1 && isGsm(base.charAt(0)) ? base : String.valueOf(c));
            }
        }
        return out.toString();
    }

    /** Segments the message takes. */
    public static int segments(String text) {
        if (text.chars().allMatch(c -> isGsm((char) c))) {
            int septets = text.chars().map(c -> GSM_EXTENSION.indexOf(c) >= 0 ? 2 : 1).sum();
            return septets <= 160 ? 1 : (septets + 152) / 153;
        }
        int units = text.length();
        return units <= 70 ? 1 : (units + 66) / 67;
    }

    private static boolean isGsm(char c) {
        return GSM_BASIC.indexOf(c) >= 0 || GSM_EXTENSION.indexOf(c) >= 0;
    }
}
