package dev.relink.sandbox;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * An Open Finance (OFDA) consent as the emulator keeps it, one per OFDA link: Belvo's consent object
 * ({@code expired_at} null when {@code undefined_consent_expiration}). Status and expiry change when the
 * consent expires or the user renews it, so they are read and written under the consent's lock.
 */
final class SandboxConsent {

    static final String AUTHORISED = "AUTHORISED";
    static final String EXPIRED = "EXPIRED";
    static final List<String> PERMISSIONS = List.of("REGISTER", "ACCOUNTS", "CREDIT_CARDS", "CREDIT_OPERATIONS");
    private static final DateTimeFormatter TIMESTAMP =
            DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSS'Z'").withZone(ZoneOffset.UTC);

    private final String id;
    private final String linkId;
    private final String documentNumber;
    private final Instant createdAt;
    private final Duration duration;
    private String status;
    private Instant expiredAt;

    SandboxConsent(String id, String linkId, String documentNumber, Instant createdAt, Duration duration) {
        this.id = id;
        this.linkId = linkId;
        this.documentNumber = documentNumber;
        this.createdAt = createdAt;
        this.duration = duration;
        this.status = AUTHORISED;
        this.expiredAt = duration == null ? null : createdAt.plus(duration);
    }

    String id() {
        return id;
    }

    String linkId() {
        return linkId;
    }

    Instant createdAt() {
        return createdAt;
    }

    String documentNumber() {
        return documentNumber;
    }

    synchronized Instant expiredAt() {
        return expiredAt;
    }

    synchronized String status() {
        return status;
    }

    /** The consent lapsed now (or at its expiry, if that was earlier). */
    synchronized void expire(Instant now) {
        status = EXPIRED;
        if (expiredAt == null || expiredAt.isAfter(now)) {
            expiredAt = now;
        }
    }

    /** The expiry moves to {@code at} (a lever for tests: "expires in 3 days"). */
    synchronized void expiresAt(Instant at) {
        expiredAt = at;
    }

    /** The user renewed in My Belvo Portal: authorised again for its duration (a year if it had none). */
    synchronized void renew(Instant now) {
        status = AUTHORISED;
        expiredAt = now.plus(duration == null ? Duration.ofDays(366) : duration);
    }

    /** Belvo's consent object. */
    synchronized Map<String, Object> toJson() {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("id", id);
        json.put("display_name", SandboxOfda.DISPLAY_NAME);
        json.put("document_number", documentNumber);
        json.put("belvo_institution_name", SandboxOfda.INSTITUTION);
        json.put("expired_at", expiredAt == null ? null : TIMESTAMP.format(expiredAt));
        json.put("undefined_consent_expiration", expiredAt == null);
        json.put("created_at", TIMESTAMP.format(createdAt));
        json.put("permissions", PERMISSIONS);
        json.put("status", status);
        return json;
    }
}
