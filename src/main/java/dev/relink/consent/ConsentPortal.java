package dev.relink.consent;

import java.net.URI;
import java.time.Clock;
import java.time.OffsetDateTime;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

import org.apache.camel.ProducerTemplate;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import org.springframework.web.util.UriComponentsBuilder;

import dev.relink.belvo.WidgetToken;
import dev.relink.incident.Incident;

/**
 * Where the repair link of a consent incident sends the user: My Belvo Portal in renew mode, with a
 * portal token minted just now for the contact's CPF and name and the consent the webhook named
 * ({@code action=renew}, {@code link_id}, {@code consent_id}, {@code institution},
 * {@code institution_display_name}, {@code institution_icon_logo}). Without a CPF on record: the public
 * portal, where the user signs in with their CPF. The Belvo token is never stored or logged.
 */
@Component
public class ConsentPortal {

    static final String CREATE_PORTAL_TOKEN = "direct:belvo.create-portal-token";

    private final ConsentStore consents;
    private final IdentityStore identities;
    private final ConsentProperties properties;
    private final ProducerTemplate camel;
    private final JdbcTemplate jdbc;
    private final Clock clock;

    ConsentPortal(ConsentStore consents, IdentityStore identities, ConsentProperties properties, ProducerTemplate camel,
            JdbcTemplate jdbc, Clock clock) {
        this.consents = consents;
        this.identities = identities;
        this.properties = properties;
        this.camel = camel;
        this.jdbc = jdbc;
        this.clock = clock;
    }

    /** The portal URL for the incident, once Belvo gave a token (the caller bounds the wait). */
    public CompletableFuture<URI> renewalUrl(Incident incident) {
        ConsentNotice notice = consents.find(incident.id()).orElseThrow(() -> new IllegalStateException(
                "incident " + incident.id() + " has no consent on record"));
        Optional<Identity> identity = incident.externalId() == null ? Optional.empty()
                : identities.find(incident.externalId());
        if (identity.isEmpty()) {
            return CompletableFuture.completedFuture(
                    UriComponentsBuilder.fromUri(properties.portalUrl()).queryParam("mode", "landing").build().toUri());
        }
        return camel.asyncRequestBodyAndHeader(CREATE_PORTAL_TOKEN, null, "portalTokenIdentity",
                        widgetConsent(identity.get()), WidgetToken.class)
                .thenApply(token -> renewUrl(token.access(), incident, notice));
    }

    /** The renewal page was opened: the consent is read back for a while ({@code relink.consent.watch-window}). */
    public void opened(String incidentId) {
        jdbc.update("update incident_consent set portal_opened_at = ? where incident_id = ?",
                OffsetDateTime.now(clock), incidentId);
    }

    private Map<String, Object> widgetConsent(Identity identity) {
        Map<String, Object> consent = new LinkedHashMap<>();
        if (properties.termsUrl() != null && !properties.termsUrl().isBlank()) {
            consent.put("terms_and_conditions_url", properties.termsUrl());
        }
        consent.put("permissions", properties.permissions());
        consent.put("identification_info", List.of(Map.of("type", "CPF", "number", identity.cpf(),
                "name", identity.fullName())));
        return consent;
    }

    /** Belvo's renew-consent URL; every value percent-encoded (the display name must be, per Belvo). */
    private URI renewUrl(String accessToken, Incident incident, ConsentNotice notice) {
        UriComponentsBuilder url = UriComponentsBuilder.fromUri(properties.portalUrl())
                .queryParam("access_token", accessToken)
                .queryParam("link_id", incident.linkId())
                .queryParam("consent_id", notice.consentId());
        if (notice.institution() != null) {
            url.queryParam("institution", notice.institution());
        }
        if (notice.displayName() != null) {
            url.queryParam("institution_display_name", notice.displayName());
        }
        if (notice.iconLogo() != null) {
            url.queryParam("institution_icon_logo", notice.iconLogo());
        }
        return url.queryParam("action", "renew").encode().build().toUri();
    }
}
