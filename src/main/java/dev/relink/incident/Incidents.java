package dev.relink.incident;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.OffsetDateTime;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.event.EventListener;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.RowMapper;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

import dev.relink.belvo.Link;
import dev.relink.belvo.LinkRead;
import dev.relink.detect.Signal;

/**
 * The incident state machine over tables {@code incident} and {@code incident_event}. Every
 * transition is a conditional UPDATE, and "one open incident per link" is the unique column
 * {@code open_link_id}, so replicas sharing a database never double an incident or a transition.
 */
@Component("incidents")
public class Incidents {

    private static final Logger log = LoggerFactory.getLogger(Incidents.class);
    private static final int OPEN_ATTEMPTS = 5;

    /** Timeline entry and {@link IncidentChanged} type: the incident learned its link's external_id from Belvo. */
    public static final String EXTERNAL_ID = "external_id";

    static final String COLUMNS = "id, link_id, external_id, institution, state, reason, signal_count, opened_at, "
            + "updated_at, closed_at";

    static final RowMapper<Incident> INCIDENT = Incidents::incident;

    private final JdbcTemplate jdbc;
    private final TransactionTemplate tx;
    private final MeterRegistry meters;
    private final Clock clock;
    private final ApplicationEventPublisher publisher;

    Incidents(JdbcTemplate jdbc, TransactionTemplate tx, MeterRegistry meters, Clock clock,
            ApplicationEventPublisher publisher) {
        this.jdbc = jdbc;
        this.tx = tx;
        this.meters = meters;
        this.clock = clock;
        this.publisher = publisher;
    }

    /**
     * Opens an incident for the signal's link, or merges the signal into the one already open, in one
     * transaction. The merge comes first, one UPDATE that finds the open incident by its unique
     * {@code open_link_id}: in a burst most signals repeat a link that already has one. Only when there
     * is none is one inserted; the database refuses a second open incident for the link, and a signal
     * that loses that race (another replica opened it meanwhile) tries again and joins the winner.
     */
    public Incident open(Signal signal) {
        meters.counter("relink.signals", "source", signal.source()).increment();
        for (int attempt = 1; attempt <= OPEN_ATTEMPTS; attempt++) {
            try {
                Incident incident = tx.execute(status -> {
                    Incident merged = merge(signal);
                    return merged != null ? merged : insert(signal);
                });
                if (incident.signalCount() == 1) {
                    meters.counter("relink.incidents.opened", "reason", signal.reason()).increment();
                    log.info("Opened incident {} for link {} ({}, from {})", incident.id(), signal.linkId(),
                            signal.reason(), signal.source());
                }
                return incident;
            } catch (DuplicateKeyException openedMeanwhile) {
                // Another signal opened the link's incident between our UPDATE and our INSERT: join it.
            }
        }
        throw new IllegalStateException("Could not open or join an incident for link " + signal.linkId()
                + " after " + OPEN_ATTEMPTS + " attempts");
    }

    private Incident insert(Signal signal) {
        String id = UUID.randomUUID().toString();
        OffsetDateTime now = now();
        jdbc.update("insert into incident (id, link_id, open_link_id, external_id, institution, state, reason, "
                + "signal_count, prompt_step, opened_at, updated_at, version) values (?, ?, ?, ?, ?, ?, ?, 1, 0, ?, ?, 0)",
                id, signal.linkId(), signal.linkId(), signal.externalId(), signal.institution(), IncidentState.OPEN,
                signal.reason(), now, now);
        appendEvent(id, now, "opened", signal.source(), "Link needs its user: " + signal.reason(), null, null);
        appendSignal(id, now, signal);
        publisher.publishEvent(new IncidentChanged(id, "opened", IncidentState.OPEN));
        return new Incident(id, signal.linkId(), signal.externalId(), signal.institution(), IncidentState.OPEN,
                signal.reason(), 1, now, now, null);
    }

    private Incident merge(Signal signal) {
        OffsetDateTime now = now();
        int updated = jdbc.update("update incident set signal_count = signal_count + 1, updated_at = ?, "
                + "external_id = coalesce(external_id, ?), institution = coalesce(institution, ?), version = version + 1 "
                + "where open_link_id = ?", now, signal.externalId(), signal.institution(), signal.linkId());
        if (updated == 0) {
            return null;
        }
        Incident open = jdbc.queryForObject("select " + COLUMNS + " from incident where open_link_id = ?", INCIDENT,
                signal.linkId());
        appendSignal(open.id(), now, signal);
        return open;
    }

    private void appendSignal(String incidentId, OffsetDateTime at, Signal signal) {
        appendEvent(incidentId, at, "signal", signal.source(), signal.reason(), signal.webhookId(), signal.requestId());
    }

    private void appendEvent(String incidentId, OffsetDateTime at, String type, String source, String detail,
            String webhookId, String requestId) {
        jdbc.update("insert into incident_event (incident_id, at, type, source, detail, webhook_id, request_id) "
                + "values (?, ?, ?, ?, ?, ?, ?)", incidentId, at, type, source, truncate(detail), webhookId, requestId);
    }

    /** Adds a line to the timeline (e.g. {@code rechecked}). */
    public void note(String incidentId, String type, String detail) {
        appendEvent(incidentId, now(), type, null, detail, null, null);
        publisher.publishEvent(new IncidentChanged(incidentId, type, null));
    }

    /** True while the incident is open and not yet handed to prompting (for {@code detect.recheck}). */
    public boolean isAwaitingHandoff(String incidentId) {
        return find(incidentId).map(Incident::isAwaitingHandoff).orElse(false);
    }

    /** Moves a freshly opened incident to prompting; false when another replica (or an earlier signal) already did. */
    public boolean startPrompting(String incidentId) {
        return transition(incidentId, IncidentState.OPEN, IncidentState.PROMPTING, "Handed to prompting");
    }

    /** Moves an incident from one state to another only if it is still in the first; records it on the timeline. */
    public boolean transition(String incidentId, String from, String to, String detail) {
        OffsetDateTime now = now();
        Boolean moved = tx.execute(status -> {
            int updated = jdbc.update("update incident set state = ?, updated_at = ?, version = version + 1 "
                    + "where id = ? and state = ? and open_link_id is not null", to, now, incidentId, from);
            if (updated == 1) {
                appendEvent(incidentId, now, "state", null, from + " -> " + to + ": " + detail, null, null);
                publisher.publishEvent(new IncidentChanged(incidentId, "state", to));
            }
            return updated == 1;
        });
        return Boolean.TRUE.equals(moved);
    }

    /** Closes the incident as resolved (the link is valid again); false if it was already closed. */
    public boolean resolve(String incidentId, String detail) {
        return close(incidentId, IncidentState.RESOLVED, detail);
    }

    /** Closes the incident because Belvo no longer knows the link; false if it was already closed. */
    public boolean closeDeleted(String incidentId, String detail) {
        return close(incidentId, IncidentState.DELETED, detail);
    }

    /** Closes the open incident of a link, if it has one, as deleted (Belvo's link_deleted webhook). */
    public boolean closeDeletedForLink(String linkId, String detail) {
        return openForLink(linkId).map(incident -> closeDeleted(incident.id(), detail)).orElse(false);
    }

    /** Closes an open incident in the given final state; the link may then open a new one. */
    public boolean close(String incidentId, String finalState, String detail) {
        OffsetDateTime now = now();
        String reason = tx.execute(status -> {
            List<String> reasons = jdbc.queryForList(
                    "select reason from incident where id = ? and open_link_id is not null", String.class, incidentId);
            if (reasons.isEmpty()) {
                return null;
            }
            int updated = jdbc.update("update incident set state = ?, open_link_id = null, closed_at = ?, updated_at = ?, "
                    + "next_prompt_at = null, version = version + 1 where id = ? and open_link_id is not null",
                    finalState, now, now, incidentId);
            if (updated == 0) {
                return null;
            }
            appendEvent(incidentId, now, finalState, null, detail, null, null);
            publisher.publishEvent(new IncidentChanged(incidentId, finalState, finalState));
            return reasons.get(0);
        });
        if (reason == null) {
            return false;
        }
        meters.counter("relink.incidents.closed", "reason", reason, "state", finalState).increment();
        log.info("Incident {} closed as {}: {}", incidentId, finalState, detail);
        return true;
    }

    public Optional<Incident> find(String incidentId) {
        return jdbc.query("select " + COLUMNS + " from incident where id = ?", INCIDENT, incidentId).stream().findFirst();
    }

    public Optional<Incident> openForLink(String linkId) {
        return jdbc.query("select " + COLUMNS + " from incident where open_link_id = ?", INCIDENT, linkId).stream()
                .findFirst();
    }

    /**
     * Belvo described a link (any read: re-check, poll, repair confirmation): its open incident takes
     * the external_id and institution it still lacks from Belvo, since a webhook may carry no
     * external_id (Belvo's older payloads) and none names the institution. A value a signal gave is
     * kept: it came from Belvo's own webhook or from the app that owns the user, and the person the
     * ladder started prompting stays the one it reminds. A learned external_id goes on the timeline
     * as {@code external_id} and is announced as an {@link IncidentChanged} of that type, so an
     * incident parked for want of someone to prompt can try again. One indexed read per link read; a
     * write only when something was missing.
     */
    @EventListener
    public void learn(LinkRead read) {
        Link link = read.link();
        if (link.id() == null) {
            return;
        }
        openForLink(link.id()).ifPresent(incident -> {
            if (incident.externalId() == null && hasText(link.externalId())) {
                learnExternalId(incident, link.externalId());
            }
            if (incident.institution() == null && hasText(link.institution())) {
                jdbc.update("update incident set institution = ? where id = ? and institution is null",
                        link.institution(), incident.id());
            }
        });
    }

    private void learnExternalId(Incident incident, String externalId) {
        OffsetDateTime now = now();
        tx.executeWithoutResult(status -> {
            // Only while it is still unknown: of two replicas reading the same link, one records it.
            int updated = jdbc.update("update incident set external_id = ?, updated_at = ?, version = version + 1 "
                    + "where id = ? and open_link_id is not null and external_id is null", externalId, now,
                    incident.id());
            if (updated == 1) {
                appendEvent(incident.id(), now, EXTERNAL_ID, null,
                        "Belvo says the link belongs to external id " + externalId, null, null);
                publisher.publishEvent(new IncidentChanged(incident.id(), EXTERNAL_ID, incident.state()));
            }
        });
    }

    private static boolean hasText(String value) {
        return value != null && !value.isBlank();
    }

    /** The open incidents of one user (the links' external_id), oldest first. */
    public List<Incident> openForExternalId(String externalId) {
        return jdbc.query("select " + COLUMNS + " from incident where external_id = ? and open_link_id is not null "
                + "order by opened_at", INCIDENT, externalId);
    }

    /** The links of these incidents (for a bulk read of Belvo), each once. */
    public List<String> linkIdsOf(List<String> incidentIds) {
        if (incidentIds == null || incidentIds.isEmpty()) {
            return List.of();
        }
        String marks = String.join(", ", Collections.nCopies(incidentIds.size(), "?"));
        return jdbc.queryForList("select distinct link_id from incident where id in (" + marks + ")", String.class,
                incidentIds.toArray());
    }

    public List<IncidentEvent> timeline(String incidentId) {
        return jdbc.query("select id, at, type, source, detail, webhook_id, request_id from incident_event "
                + "where incident_id = ? order by id", (rs, n) -> new IncidentEvent(rs.getLong("id"),
                        rs.getObject("at", OffsetDateTime.class), rs.getString("type"), rs.getString("source"),
                        rs.getString("detail"), rs.getString("webhook_id"), rs.getString("request_id")),
                incidentId);
    }

    /**
     * Open incidents that got no poll signal since {@code since}: after a poll, these are the links
     * Belvo no longer lists as broken, to be re-checked.
     */
    public List<Incident> notSignalledByPollSince(OffsetDateTime since) {
        return jdbc.query("select " + COLUMNS + " from incident i where i.open_link_id is not null and not exists ("
                + "select 1 from incident_event e where e.incident_id = i.id and e.type = 'signal' "
                + "and e.source = 'poll' and e.at >= ?) order by i.opened_at", INCIDENT, since);
    }

    /** A page of incidents, newest first, filtered by whatever is not null. */
    public List<Incident> search(IncidentQuery query) {
        List<Object> args = new ArrayList<>();
        String where = query.where(args);
        args.add(query.size());
        args.add((long) query.page() * query.size());
        return jdbc.query("select " + COLUMNS + " from incident" + where + " order by opened_at desc, id "
                + "limit ? offset ?", INCIDENT, args.toArray());
    }

    /** How many incidents are open, per state and reason (the ops console's overview). */
    public List<OpenCount> openCounts() {
        return jdbc.query("select state, reason, count(*) from incident where open_link_id is not null "
                + "group by state, reason order by state, reason",
                (rs, n) -> new OpenCount(rs.getString(1), rs.getString(2), rs.getLong(3)));
    }

    /** One line of {@link #openCounts()}. */
    public record OpenCount(String state, String reason, long count) {
    }

    public long count(IncidentQuery query) {
        List<Object> args = new ArrayList<>();
        String where = query.where(args);
        Long count = jdbc.queryForObject("select count(*) from incident" + where, Long.class, args.toArray());
        return count == null ? 0 : count;
    }

    /** Now, in microseconds: both H2 and PostgreSQL store them, so a value read back equals the one written. */
    public OffsetDateTime now() {
        return OffsetDateTime.now(clock).truncatedTo(ChronoUnit.MICROS);
    }

    private static String truncate(String detail) {
        return detail == null || detail.length() <= 4000 ? detail : detail.substring(0, 4000);
    }

    private static Incident incident(ResultSet rs, int row) throws SQLException {
        return new Incident(rs.getString("id"), rs.getString("link_id"), rs.getString("external_id"),
                rs.getString("institution"), rs.getString("state"), rs.getString("reason"), rs.getInt("signal_count"),
                rs.getObject("opened_at", OffsetDateTime.class), rs.getObject("updated_at", OffsetDateTime.class),
                rs.getObject("closed_at", OffsetDateTime.class));
    }
}
