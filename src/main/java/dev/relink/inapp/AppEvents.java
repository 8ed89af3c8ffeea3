package dev.relink.inapp;

import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import org.springframework.context.event.EventListener;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

import dev.relink.incident.Incident;
import dev.relink.incident.IncidentChanged;
import dev.relink.incident.IncidentQueries;
import dev.relink.institution.InstitutionHoldChanged;

/**
 * The outbox of events for the app. {@link #record} joins the caller's transaction; the
 * {@code inapp.*} routes claim, send and mark them. A claim that outlives its replica (kill -9)
 * expires after {@code relink.app-webhook.claim-ttl} and is sent again with the same id.
 */
@Component("appEvents")
public class AppEvents {

    public static final String OPENED = "incident.opened";
    public static final String PROMPTED = "incident.prompted";
    public static final String REPAIR_SUBMITTED = "incident.repair_submitted";
    public static final String RESOLVED = "incident.resolved";
    public static final String EXPIRED = "incident.expired";
    public static final String REASON_CHANGED = "incident.reason_changed";
    public static final String INSTITUTION_HELD = InstitutionHoldChanged.HELD;
    public static final String INSTITUTION_RELEASED = InstitutionHoldChanged.RELEASED;

    private final JdbcTemplate jdbc;
    private final AppWebhookProperties properties;
    private final ObjectMapper json;
    private final Clock clock;
    private final IncidentQueries incidents;

    AppEvents(JdbcTemplate jdbc, AppWebhookProperties properties, ObjectMapper json, Clock clock, IncidentQueries incidents,
            MeterRegistry meters) {
        this.jdbc = jdbc;
        this.properties = properties;
        this.json = json;
        this.clock = clock;
        this.incidents = incidents;
        // warns while events are still being retried, hours before one is given up as a dead letter
        Gauge.builder("relink.app.events.undelivered.age", this, AppEvents::oldestUndeliveredSeconds).baseUnit("seconds")
                .description("Age of the oldest event the app's webhook has not taken yet (0: none waits)").register(meters);
    }

    /** Seconds since the oldest event still waiting for the app's webhook was written; 0 when none waits. */
    double oldestUndeliveredSeconds() {
        Timestamp oldest = jdbc.queryForObject(
                "select min(created_at) from app_event where status in ('pending', 'sending')", Timestamp.class);
        return oldest == null ? 0 : Math.max(0, clock.millis() - oldest.getTime()) / 1000.0;
    }

    /** The timeline entries the app hears about; runs in the transaction that wrote the entry. */
    @EventListener
    void onIncidentChanged(IncidentChanged change) {
        String type = appEventType(change);
        if (type != null && properties.enabled()) {
            incidents.find(change.incidentId()).ifPresent(incident -> record(type, incident));
        }
    }

    static String appEventType(IncidentChanged change) {
        return switch (change.type()) {
            case "opened" -> OPENED;
            case "prompted" -> PROMPTED;
            case "resolved" -> RESOLVED;
            case "expired" -> EXPIRED;
            case "reason_changed" -> REASON_CHANGED;
            case "state" -> "repair_submitted".equals(change.state()) ? REPAIR_SUBMITTED : null;
            default -> null;
        };
    }

    /**
     * An institution went on hold or its hold ended: the app can tell its users the bank is having trouble
     * (no incident of theirs: the event names the institution, when and why, and how many links it holds).
     */
    @EventListener
    void onInstitutionHoldChanged(InstitutionHoldChanged change) {
        if (!properties.enabled()) {
            return;
        }
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("institution", change.hold().institution());
        data.put("held_at", change.hold().heldAt().toString());
        data.put("cause", change.hold().cause());
        data.put("why", change.hold().why());
        data.put("held_links", change.heldLinks());
        if (change.hold().endedHow() != null) {
            data.put("ended_how", change.hold().endedHow());
        }
        write(change.type(), null, data);
    }

    /** Records one event about an incident in the outbox, if the app has a webhook URL. */
    void record(String type, Incident incident) {
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("incident_id", incident.id());
        data.put("link_id", incident.linkId());
        data.put("external_id", incident.externalId());
        data.put("institution", incident.institution());
        data.put("reason", incident.reason());
        data.put("state", incident.state());
        write(type, incident.id(), data);
    }

    private void write(String type, String incidentId, Map<String, Object> data) {
        Instant now = clock.instant();
        String eventId = "evt_" + UUID.randomUUID().toString().replace("-", "");
        Map<String, Object> payload = new LinkedHashMap<>();
        payload.put("type", type);
        payload.put("timestamp", now.toString());
        payload.put("data", data);
        jdbc.update("insert into app_event (event_id, type, incident_id, payload, created_at, status) values (?, ?, ?, ?, ?, 'pending')",
                eventId, type, incidentId, write(payload), Timestamp.from(now));
    }

    /** Claims up to {@code limit} events to send: new ones, and those whose claim expired. Returns their ids. */
    public List<String> claimDue(int limit) {
        Timestamp now = Timestamp.from(clock.instant());
        Timestamp until = Timestamp.from(clock.instant().plus(properties.claimTtl()));
        List<String> candidates = jdbc.queryForList("""
                select event_id from app_event
                where status = 'pending' or (status = 'sending' and claimed_until < ?)
                order by id fetch first ? rows only""", String.class, now, limit);
        return candidates.stream()
                .filter(eventId -> jdbc.update("""
                        update app_event set status = 'sending', claimed_until = ?
                        where event_id = ? and (status = 'pending' or (status = 'sending' and claimed_until < ?))""",
                        until, eventId, now) == 1)
                .toList();
    }

    /** The event to send, its attempt counted. */
    public AppEvent load(String eventId) {
        jdbc.update("update app_event set attempts = attempts + 1 where event_id = ?", eventId);
        return jdbc.queryForObject("select event_id, type, payload from app_event where event_id = ?",
                (rs, row) -> new AppEvent(rs.getString(1), rs.getString(2), rs.getString(3)), eventId);
    }

    public void delivered(String eventId) {
        jdbc.update("update app_event set status = 'delivered', delivered_at = ?, claimed_until = null where event_id = ?",
                Timestamp.from(clock.instant()), eventId);
    }

    /** Given up on by its retry policy: it now lives on as a dead letter, replayable by ops. */
    public void deadLettered(String eventId) {
        jdbc.update("update app_event set status = 'dead_letter', claimed_until = null where event_id = ?", eventId);
    }

    /**
     * Erasure: the events about these incidents, sent or not, are deleted (each names the person's external
     * id and link); the app asked for the erasure, so nothing about the person is sent after it. Answers the
     * deleted events' ids (a dead letter of one names only its id).
     */
    public List<String> forget(List<String> incidentIds) {
        List<String> eventIds = incidentIds.stream().flatMap(incident -> jdbc.queryForList(
                "select event_id from app_event where incident_id = ?", String.class, incident).stream()).toList();
        jdbc.batchUpdate("delete from app_event where event_id = ?", eventIds.stream().map(id -> new Object[] {id}).toList());
        return eventIds;
    }

    /** Retention: deletes up to {@code limit} events delivered before {@code cutoff}; answers how many. */
    public int purgeDeliveredBefore(Instant cutoff, int limit) {
        return jdbc.update("delete from app_event where id in (select id from app_event where status = 'delivered'"
                + " and delivered_at < ? fetch first ? rows only)", Timestamp.from(cutoff), limit);
    }

    private String write(Object value) {
        try {
            return json.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** One event ready to post. */
    public record AppEvent(String eventId, String type, String payload) {
    }
}
