package dev.relink.incident;

import java.util.List;
import java.util.Objects;

/**
 * One piece of evidence that a link needs its user: from the poll, a Belvo webhook or an error the
 * app got. The body of {@code direct:detect.signal}.
 *
 * @param reason {@code invalid_credentials}, {@code token_required} or {@code unconfirmed}; from a
 *        {@code CONSENT} webhook {@code consent_expiring} or {@code consent_expired}
 * @param source {@code poll}, {@code webhook} or {@code app}
 */
public record Signal(String linkId, String externalId, String institution, String reason, String source,
        String webhookId, String requestId) {

    public static final String INVALID_CREDENTIALS = "invalid_credentials";
    public static final String TOKEN_REQUIRED = "token_required";
    public static final String UNCONFIRMED = "unconfirmed";
    /** The reasons a link signal can open: the entries of the signal table, {@code detect.SignalTable}. */
    public static final List<String> REASONS = List.of(INVALID_CREDENTIALS, TOKEN_REQUIRED, UNCONFIRMED);
    /** The reasons of an OFDA consent, which only Belvo's {@code CONSENT} webhooks open (routes/consent.yaml). */
    public static final String CONSENT_EXPIRING = "consent_expiring";
    public static final String CONSENT_EXPIRED = "consent_expired";
    public static final List<String> CONSENT_REASONS = List.of(CONSENT_EXPIRING, CONSENT_EXPIRED);

    public static final String POLL = "poll";
    public static final String WEBHOOK = "webhook";
    public static final String APP = "app";

    public Signal {
        Objects.requireNonNull(linkId, "linkId");
        Objects.requireNonNull(reason, "reason");
        Objects.requireNonNull(source, "source");
    }
}
