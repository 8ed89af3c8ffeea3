package dev.relink.consent;

import java.io.IOException;
import java.io.InputStream;
import java.time.Clock;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Optional;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import org.apache.camel.Body;
import org.apache.camel.ExchangeProperty;
import org.apache.camel.Header;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

import dev.relink.detect.InboxEvent;
import dev.relink.incident.Incident;
import dev.relink.incident.IncidentLifecycle;
import dev.relink.incident.IncidentQueries;
import dev.relink.incident.Signal;

/**
 * The small jobs the {@code consent.*} routes call by name: read a {@code CONSENT} webhook into a
 * {@link ConsentNotice} and a {@link Signal}, keep the notice with the incident, read Belvo's consent,
 * and decide whether it shows the consent renewed.
 */
@Component("consentIncidents")
public class ConsentIncidents {

    private final JdbcTemplate jdbc;
    private final ObjectMapper json;
    private final ConsentStore store;
    private final IncidentLifecycle lifecycle;
    private final IncidentQueries incidents;
    private final Clock clock;
    private final ConsentProperties properties;

    ConsentIncidents(JdbcTemplate jdbc, ObjectMapper json, ConsentStore store, IncidentLifecycle lifecycle,
            IncidentQueries incidents, Clock clock, ConsentProperties properties) {
        this.properties = properties;
        this.jdbc = jdbc;
        this.json = json;
        this.store = store;
        this.lifecycle = lifecycle;
        this.incidents = incidents;
        this.clock = clock;
    }

    /** The webhook's {@code data} as stored in {@code webhook_inbox}; missing keys are tolerated (null). */
    public ConsentNotice notice(@Body InboxEvent event) throws IOException {
        List<String> payloads = jdbc.queryForList("select payload from webhook_inbox where id = ?", String.class,
                event.id());
        JsonNode data = payloads.isEmpty() ? json.nullNode() : json.readTree(payloads.get(0)).path("data");
        String consentId = text(data, "consent_id");
        if (consentId == null) {
            throw new IllegalArgumentException("CONSENT webhook " + event.webhookId() + " has no data.consent_id");
        }
        return new ConsentNotice(consentId, instant(text(data, "consent_due_date")), text(data, "institution"),
                text(data, "institution_display_name"), text(data, "institution_icon_logo"));
    }

    /**
     * The signal table's reason for the webhook ({@code webhook}), with what the notice adds: a warning
     * ({@code consent_expiring}) whose due date has passed already is {@code consent_expired}.
     */
    public Signal signal(@Header("inboxEvent") InboxEvent event, @ExchangeProperty("signal") Signal webhook,
            @Body ConsentNotice notice) {
        boolean warning = ConsentReasons.EXPIRING.equals(webhook.reason())
                && (notice.dueAt() == null || notice.dueAt().isAfter(clock.instant()));
        return new Signal(event.linkId(), event.externalId(), notice.institution(),
                warning ? ConsentReasons.EXPIRING : ConsentReasons.EXPIRED, Signal.WEBHOOK, event.webhookId(),
                event.requestId());
    }

    /** Keeps the notice with the incident; an expiry joining an open warning turns it into {@code consent_expired}. */
    public Incident remember(@Body Incident incident, @ExchangeProperty("consentNotice") ConsentNotice notice,
            @ExchangeProperty("consentSignal") Signal signal) {
        store.keep(incident.id(), notice);
        if (ConsentReasons.EXPIRED.equals(signal.reason()) && ConsentReasons.EXPIRING.equals(incident.reason())) {
            expired(incident.id(), "Belvo says the consent expired");
        }
        return incident;
    }

    /** True for an incident about an OFDA consent (it has a row in {@code incident_consent}). */
    public boolean isConsentIncident(@Header("incidentId") String incidentId) {
        return incidentId != null && store.find(incidentId).isPresent();
    }

    /** Open consent incidents sent to the portal within {@code relink.consent.watch-window}. */
    public List<String> watched() {
        return incidents.stillOpen(store.portalOpenedSince(OffsetDateTime.now(clock).minus(properties.watchWindow())));
    }

    /** The consent id the incident is about (header {@code consentId} for {@code belvo.get-consent}). */
    public String consentId(@Header("incidentId") String incidentId) {
        return store.find(incidentId).map(ConsentNotice::consentId).orElseThrow(() -> new IllegalStateException(
                "incident " + incidentId + " has no consent on record"));
    }

    /** Belvo's consent object. */
    public Consent read(InputStream body) throws IOException {
        JsonNode consent = json.readTree(body);
        return new Consent(text(consent, "id"), text(consent, "status"), instant(text(consent, "expired_at")));
    }

    /** True when Belvo's consent is renewed past the due date the incident is about. */
    public boolean renewed(@Header("incidentId") String incidentId, @Body Consent consent) {
        Instant due = store.find(incidentId).map(ConsentNotice::dueAt).orElse(null);
        return consent.renewedPast(due, clock.instant());
    }

    /** When the consent is due, if Belvo said. */
    public Optional<Instant> dueAt(String incidentId) {
        return store.dueAt(incidentId);
    }

    /** Before the hand-off (step 0), with Belvo's consent in hand: the same rule as {@link #expirePastDue}. */
    public void expireIfPastDue(@Header("incidentId") String incidentId, @Body Consent consent) {
        expirePastDue(incidentId, consent);
    }

    /**
     * A warning is not sent after its consent lapsed or its due date passed: the incident becomes
     * {@code consent_expired}. True if it did.
     */
    public boolean expirePastDue(String incidentId, Consent consent) {
        if (!pastDue(incidentId, consent)) {
            return false;
        }
        expired(incidentId, PAST_DUE);
        return true;
    }

    private boolean pastDue(String incidentId, Consent consent) {
        Instant now = clock.instant();
        Instant dueAt = store.find(incidentId).map(ConsentNotice::dueAt).orElse(null);
        return consent.lapsed(now) || dueAt != null && !dueAt.isAfter(now);
    }

    private static final String PAST_DUE = "the consent's due date passed before it was renewed";

    private void expired(String incidentId, String why) {
        lifecycle.changeReason(incidentId, ConsentReasons.EXPIRING, ConsentReasons.EXPIRED, why);
    }

    private static String text(JsonNode node, String field) {
        JsonNode value = node.path(field);
        return value.isMissingNode() || value.isNull() || value.asText().isBlank() ? null : value.asText();
    }

    /** An ISO-8601 time (Z or an offset); unreadable or absent: null (tolerated, never guessed). */
    private static Instant instant(String text) {
        if (text == null) {
            return null;
        }
        try {
            return Instant.parse(text);
        } catch (DateTimeParseException e) {
            return null;
        }
    }
}
