package dev.relink.consent;

import dev.relink.incident.Signal;

/**
 * The incident reasons of an OFDA consent. Which {@code CONSENT} webhook codes raise them is the signal
 * table's to say ({@code templates/signals.yaml}).
 */
public final class ConsentReasons {

    public static final String EXPIRING = Signal.CONSENT_EXPIRING;
    public static final String EXPIRED = Signal.CONSENT_EXPIRED;

    private ConsentReasons() {
    }

    public static boolean isConsent(String reason) {
        return Signal.CONSENT_REASONS.contains(reason);
    }
}
