package dev.relink.sandbox;

import java.time.Clock;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Map;

import com.fasterxml.jackson.annotation.JsonProperty;

import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ResponseStatusException;

/**
 * Levers on OFDA consents for tests and demos, beside {@link SandboxAdminController}: move a consent's
 * expiry ({@code expired_at}, ISO-8601) or expire it now ({@code status: EXPIRED}); how many portal tokens were minted, and end them early.
 */
@RestController
@SandboxEnabled
@RequestMapping("/sandbox/admin")
class SandboxConsentAdminController {

    private final SandboxConsents consents;
    private final SandboxPortalTokens portal;
    private final Clock clock;

    SandboxConsentAdminController(SandboxConsents consents, SandboxPortalTokens portal, Clock clock) {
        this.consents = consents;
        this.portal = portal;
        this.clock = clock;
    }

    record Change(@JsonProperty("expired_at") String expiredAt, String status) {
    }

    @PostMapping("/consents/{id}")
    Map<String, Object> change(@PathVariable String id, @RequestBody Change change) {
        SandboxConsent consent = consents.find(id).orElseThrow(() -> new ResponseStatusException(HttpStatus.NOT_FOUND,
                "No sandbox consent " + id + "."));
        if (change.expiredAt() != null) {
            try {
                consent.expiresAt(Instant.parse(change.expiredAt()));
            } catch (DateTimeParseException e) {
                throw new ResponseStatusException(HttpStatus.BAD_REQUEST,
                        "expired_at must be an ISO-8601 instant such as 2026-12-26T10:45:58Z, not '" + change.expiredAt() + "'.");
            }
        }
        if (change.status() != null) {
            if (!SandboxConsent.EXPIRED.equals(change.status())) {
                throw new ResponseStatusException(HttpStatus.BAD_REQUEST, "status can only be set to EXPIRED.");
            }
            consent.expire(clock.instant());
        }
        return consent.toJson();
    }

    @GetMapping("/portal/tokens")
    Map<String, Object> portalTokens() {
        return Map.of("minted", portal.minted());
    }

    /** The portal tokens minted so far stop working, as after their 10 minutes: the stand-in portal says the session expired. */
    @PostMapping("/portal/tokens/expire")
    Map<String, Object> expirePortalTokens() {
        return Map.of("expired", portal.expireAll());
    }
}
