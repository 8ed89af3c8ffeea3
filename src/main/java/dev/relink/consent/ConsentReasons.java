package dev.relink.consent;

import java.util.Set;

/** The incident reasons of an OFDA consent, and the {@code CONSENT} webhook codes that raise them. */
public final class ConsentReasons {

    public static final String EXPIRING = "consent_expiring";
    public static final String EXPIRED = "consent_expired";

    static final String ABOUT_TO_EXPIRE = "openfinance_consent_about_to_expire";
    /** Belvo's docs spell the expiry event both ways; both are accepted. */
    static final Set<String> EXPIRED_CODES = Set.of("openfinance_consent_expired", "consent_expired");

    private ConsentReasons() {
    }

    public static boolean isConsent(String reason) {
        return EXPIRING.equals(reason) || EXPIRED.equals(reason);
    }
}
