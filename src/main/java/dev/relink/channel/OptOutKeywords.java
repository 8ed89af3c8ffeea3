package dev.relink.channel;

import java.util.Locale;
import java.util.Set;

/**
 * What an incoming SMS or WhatsApp message asks for: Twilio's {@code OptOutType} when it sent one
 * (Advanced Opt-Out: {@code STOP}, {@code START}, {@code HELP}), else the message's whole text matched
 * case-insensitively against Twilio's default keywords ("Stop please" is no opt-out).
 */
enum OptOutKeywords {
    STOP, START, NONE;

    private static final Set<String> STOP_WORDS = Set.of("STOP", "STOPALL", "UNSUBSCRIBE", "CANCEL", "END", "QUIT",
            "REVOKE", "OPTOUT");
    private static final Set<String> START_WORDS = Set.of("START", "UNSTOP", "YES");

    static OptOutKeywords of(String optOutType, String body) {
        if (optOutType != null && !optOutType.isBlank()) {
            String type = optOutType.strip().toUpperCase(Locale.ROOT);
            return "STOP".equals(type) ? STOP : "START".equals(type) ? START : NONE;
        }
        String word = body == null ? "" : body.strip().toUpperCase(Locale.ROOT);
        return STOP_WORDS.contains(word) ? STOP : START_WORDS.contains(word) ? START : NONE;
    }
}
