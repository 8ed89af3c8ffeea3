package dev.relink.consent;

import java.time.Instant;

/**
 * An OFDA consent as Belvo's {@code GET /api/consents/{id}/} shows it: {@code expired_at} null means it
 * never expires ({@code undefined_consent_expiration}).
 */
public record Consent(String id, String status, Instant expiredAt) {

    static final String AUTHORISED = "AUTHORISED";
    static final String EXPIRED = "EXPIRED";

    /**
     * Renewed past what the incident is about: authorised and either without expiry or expiring after
     * both now and the due date the warning named.
     */
    boolean renewedPast(Instant dueAt, Instant now) {
        if (!AUTHORISED.equals(status)) {
            return false;
        }
        return expiredAt == null || expiredAt.isAfter(now) && (dueAt == null || expiredAt.isAfter(dueAt));
    }

    boolean lapsed(Instant now) {
        return EXPIRED.equals(status) || expiredAt != null && !expiredAt.isAfter(now);
    }
}
