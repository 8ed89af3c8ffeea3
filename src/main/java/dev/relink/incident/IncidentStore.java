package dev.relink.incident;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.OffsetDateTime;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Optional;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.RowMapper;
import org.springframework.stereotype.Repository;


/**
 * Every write to tables {@code incident} and {@code incident_event}, and the reads the writes need.
 * Each change is a conditional UPDATE (on the state, or on {@code open_link_id} being set), so
 * replicas sharing a database never double an incident or a transition: whoever changes the row
 * first wins, the others get 0 rows and step back. Only {@link IncidentLifecycle} calls it.
 */
@Repository
class IncidentStore {

    static final String COLUMNS = "id, link_id, external_id, institution, state, reason, signal_count, opened_at, "
            + "updated_at, closed_at";

    static final RowMapper<Incident> INCIDENT = IncidentStore::incident;

    private final JdbcTemplate jdbc;
    private final RecheckDue recheckDue;

    IncidentStore(JdbcTemplate jdbc, RecheckDue recheckDue) {
        this.jdbc = jdbc;
        this.recheckDue = recheckDue;
    }

    /** Now, in microseconds: both H2 and PostgreSQL store them, so a value read back equals the one written. */
    static OffsetDateTime now(Clock clock) {
        return OffsetDateTime.now(clock).truncatedTo(ChronoUnit.MICROS);
    }

    Optional<Incident> find(String incidentId) {
        return jdbc.query("select " + COLUMNS + " from incident where id = ?", INCIDENT, incidentId).stream().findFirst();
    }

    Optional<Incident> openForLink(String linkId) {
        return jdbc.query("select " + COLUMNS + " from incident where open_link_id = ?", INCIDENT, linkId).stream()
                .findFirst();
    }

    /**
     * A new open incident for the signal's link; the unique {@code open_link_id} refuses a second one.
     * It waits for its re-check, which lives in memory: the row says when that wait is overdue ({@link RecheckDue}).
     */
    void insert(String id, Signal signal, OffsetDateTime now) {
        jdbc.update("insert into incident (id, link_id, open_link_id, external_id, institution, state, reason, "
                + "signal_count, prompt_step, opened_at, updated_at, recheck_due_at, version) "
                + "values (?, ?, ?, ?, ?, ?, ?, 1, 0, ?, ?, ?, 0)",
                id, signal.linkId(), signal.linkId(), signal.externalId(), signal.institution(), IncidentState.OPEN,
                signal.reason(), now, now, recheckDue.dueFrom(now));
    }

    /**
     * True when this webhook's signal is on the timeline of its link's open incident already: the
     * same delivery processed a second time (its inbox row re-claimed after a crash), not a new one.
     * Signals without a webhook id (the poll, the app) are never the same twice.
     */
    boolean countedAlready(Signal signal) {
        return signal.webhookId() != null && !jdbc.queryForList("select 1 from incident_event e join incident i "
                + "on i.id = e.incident_id where i.open_link_id = ? and e.type = 'signal' and e.webhook_id = ? "
                + "and e.detail = ? and coalesce(e.request_id, '') = ? fetch first 1 rows only", Integer.class,
                signal.linkId(), signal.webhookId(), signal.reason(), signal.requestId() == null ? ""
                        : signal.requestId()).isEmpty();
    }

    /** The signal joins its link's open incident (one UPDATE by the unique open_link_id); false when there is none. */
    boolean countSignal(Signal signal, OffsetDateTime now) {
        return jdbc.update("update incident set signal_count = signal_count + 1, updated_at = ?, "
                + "external_id = coalesce(external_id, ?), institution = coalesce(institution, ?), version = version + 1 "
                + "where open_link_id = ?", now, signal.externalId(), signal.institution(), signal.linkId()) == 1;
    }

    /** {@code from} → {@code to}, only while the incident is open and still in {@code from}. */
    boolean moveState(String incidentId, String from, String to, OffsetDateTime now) {
        return jdbc.update("update incident set state = ?, updated_at = ?, version = version + 1 "
                + "where id = ? and state = ? and open_link_id is not null", to, now, incidentId, from) == 1;
    }

    /** Closes it in {@code finalState} (the link may then open a new one); false when it was closed already. */
    boolean close(String incidentId, String finalState, OffsetDateTime now) {
        return jdbc.update("update incident set state = ?, open_link_id = null, closed_at = ?, updated_at = ?, "
                + "next_prompt_at = null, version = version + 1 where id = ? and open_link_id is not null",
                finalState, now, now, incidentId) == 1;
    }

    /** Only while the reason is still {@code from} and the incident open. */
    boolean changeReason(String incidentId, String from, String to, OffsetDateTime now) {
        return jdbc.update("update incident set reason = ?, updated_at = ?, version = version + 1 "
                + "where id = ? and open_link_id is not null and reason = ?", to, now, incidentId, from) == 1;
    }

    /** Only while it is still unknown: of two replicas reading the same link, one records it. */
    boolean takeExternalId(String incidentId, String externalId, OffsetDateTime now) {
        return jdbc.update("update incident set external_id = ?, updated_at = ?, version = version + 1 "
                + "where id = ? and open_link_id is not null and external_id is null", externalId, now,
                incidentId) == 1;
    }

    void takeInstitution(String incidentId, String institution) {
        jdbc.update("update incident set institution = ? where id = ? and institution is null", institution, incidentId);
    }

    /** One line of the timeline; a detail longer than the column is cut. */
    void appendEvent(String incidentId, OffsetDateTime at, String type, String source, String detail,
            String webhookId, String requestId) {
        jdbc.update("insert into incident_event (incident_id, at, type, source, detail, webhook_id, request_id) "
                + "values (?, ?, ?, ?, ?, ?, ?)", incidentId, at, type, source, truncate(detail), webhookId, requestId);
    }

    /** The open incidents of one user still waiting in {@code state}. */
    List<String> openInState(String externalId, String state) {
        return jdbc.queryForList("select id from incident where external_id = ? and state = ? "
                + "and open_link_id is not null", String.class, externalId, state);
    }

    /** A person's incidents: those with their external id, and those of the same links from before Belvo named it. */
    List<Incident> ofPerson(String externalId) {
        return jdbc.query("select " + COLUMNS + " from incident where external_id = ? or link_id in "
                + "(select link_id from incident where external_id = ?)", INCIDENT, externalId, externalId);
    }

    /** Up to {@code limit} incidents closed before {@code before} and not forgotten yet, the oldest first. */
    List<String> closedNotForgotten(OffsetDateTime before, int limit) {
        return jdbc.queryForList("select id from incident where forgotten_at is null and closed_at < ? "
                + "order by closed_at fetch first ? rows only", String.class, before, limit);
    }

    /**
     * Keeps of each incident what is counted and drops whom it was about: the row keeps its state, reason,
     * institution, signal count and times but not its external id or link id; the timeline keeps the first
     * line of each type (the funnel asks whether an incident reached a type, IncidentFunnel) with its time,
     * without the details, webhook ids and request ids that could lead back to the person. Batch statements,
     * in the caller's transaction.
     */
    void forget(List<String> incidentIds, OffsetDateTime now) {
        List<Object[]> each = incidentIds.stream().map(id -> new Object[] {id}).toList();
        jdbc.batchUpdate("delete from incident_event e where e.incident_id = ? and exists (select 1 from incident_event f "
                + "where f.incident_id = e.incident_id and f.type = e.type and f.id < e.id)", each);
        jdbc.batchUpdate("update incident_event set detail = null, webhook_id = null, request_id = null "
                + "where incident_id = ?", each);
        jdbc.batchUpdate("update incident set external_id = null, link_id = null, forgotten_at = ?, version = version + 1 "
                + "where id = ?", incidentIds.stream().map(id -> new Object[] {now, id}).toList());
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
