package dev.relink.channel;

import java.time.Duration;
import java.util.Optional;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

import dev.relink.repair.RepairTokens;

/**
 * The per-contact opt-out link of every prompt email ({@code List-Unsubscribe}): {@code <base-url>/opt-out/<token>},
 * the token signed as repair tokens are (same key, same rotation) over the contact's external id with a
 * prefix of its own, so a repair token is never an opt-out token nor the other way round. It stays good
 * for {@link #VALID_FOR}: an old email still unsubscribes.
 */
@Component
class EmailOptOuts {

    static final String PATH = "/opt-out/";
    static final Duration VALID_FOR = Duration.ofDays(400);
    private static final String SUBJECT = "email-opt-out:";

    private final RepairTokens tokens;
    private final String base;

    EmailOptOuts(RepairTokens tokens, @Value("${relink.repair.base-url:}") String publicBaseUrl) {
        this.tokens = tokens;
        this.base = publicBaseUrl.endsWith("/") ? publicBaseUrl.substring(0, publicBaseUrl.length() - 1) : publicBaseUrl;
    }

    /** The one-click opt-out URL for the contact. */
    String url(String externalId) {
        return base + PATH + tokens.issue(SUBJECT + externalId, VALID_FOR);
    }

    /** The external id a presented token opts out, when it is one of ours and still good. */
    Optional<String> externalIdOf(String token) {
        RepairTokens.Verification verified = tokens.verify(token);
        return verified.isValid() && verified.incidentId().startsWith(SUBJECT)
                ? Optional.of(verified.incidentId().substring(SUBJECT.length()))
                : Optional.empty();
    }
}
