package dev.relink.sandbox;

import java.time.Clock;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import org.springframework.stereotype.Component;

/**
 * My Belvo Portal tokens: {@code POST /api/token/} with {@code widget.openfinance_feature =
 * consent_management} and the user's CPF and name in {@code widget.consent.identification_info}. The
 * token is a widget token (10 minutes, as Belvo's widget tokens; the portal's own lifetime is unverified);
 * the emulator remembers whose CPF it was minted for, so the stand-in portal only renews that user's consents.
 */
@Component
@SandboxEnabled
class SandboxPortalTokens {

    static final String CONSENT_MANAGEMENT = "consent_management";

    private final Clock clock;
    private final Map<String, Minted> minted = new ConcurrentHashMap<>();
    private final AtomicInteger count = new AtomicInteger();

    private record Minted(String document, Instant expiresAt) {
    }

    SandboxPortalTokens(Clock clock) {
        this.clock = clock;
    }

    /** True when the token body asks for a My Belvo Portal token. */
    static boolean asksForPortal(ObjectNode body) {
        return CONSENT_MANAGEMENT.equals(body.path("widget").path("openfinance_feature").asText(null));
    }

    /** The CPF the body identifies (Belvo's 400 when there is none, or it has no name). */
    static String cpf(ObjectNode body) {
        for (JsonNode identification : body.path("widget").path("consent").path("identification_info")) {
            if ("CPF".equals(identification.path("type").asText())) {
                if (identification.path("number").asText("").isBlank()) {
                    throw SandboxError.required("widget.consent.identification_info.number");
                }
                if (identification.path("name").asText("").isBlank()) {
                    throw SandboxError.required("widget.consent.identification_info.name");
                }
                return digits(identification.path("number").asText());
            }
        }
        throw SandboxError.required("widget.consent.identification_info");
    }

    void remember(String access, String cpf) {
        Instant now = clock.instant();
        minted.values().removeIf(token -> !now.isBefore(token.expiresAt()));
        minted.put(access, new Minted(cpf, now.plus(SandboxWidgetTokens.ACCESS_LIFETIME)));
        count.incrementAndGet();
    }

    /** The CPF (digits) a live portal token was minted for. */
    Optional<String> documentFor(String access) {
        Minted token = access == null ? null : minted.get(access);
        return token == null || !clock.instant().isBefore(token.expiresAt()) ? Optional.empty()
                : Optional.of(token.document());
    }

    /** Ends every live portal token now, as their lifetime running out would; how many were live. */
    int expireAll() {
        Instant now = clock.instant();
        int live = (int) minted.values().stream().filter(token -> now.isBefore(token.expiresAt())).count();
        minted.replaceAll((access, token) -> new Minted(token.document(), now));
        return live;
    }

    int minted() {
        return count.get();
    }

    void clear() {
        minted.clear();
        count.set(0);
    }

    static String digits(String document) {
        return document == null ? "" : document.replaceAll("\\D", "");
    }
}
