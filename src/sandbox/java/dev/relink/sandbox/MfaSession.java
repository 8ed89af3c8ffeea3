package dev.relink.sandbox;

import java.time.Instant;

/** An open MFA challenge of a 428: resumable once, with the right token, until it expires. */
record MfaSession(String id, String linkId, Instant expiresAt, long expirySeconds, String challenge) {

    boolean isExpired(Instant now) {
        return !now.isBefore(expiresAt);
    }
}
