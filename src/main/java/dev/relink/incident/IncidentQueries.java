package dev.relink.incident;

import java.time.Clock;
import java.time.OffsetDateTime;
import java.util.Collection;
import java.util.Collections;
import java.util.List;
import java.util.Optional;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * Reads of incidents that the flows ask for (routes call it as {@code incidentQueries}): one
 * incident, a link's or a person's open ones, a timeline, what a poll no longer lists. Reads only;
 * changes go through {@link IncidentLifecycle}.
 */
@Component("incidentQueries")
public class IncidentQueries {

    private final IncidentStore store;
    private final JdbcTemplate jdbc;
    private final Clock clock;

    IncidentQueries(IncidentStore store, JdbcTemplate jdbc, Clock clock) {
        this.store = store;
        this.jdbc = jdbc;
        this.clock = clock;
    }

    public Optional<Incident> find(String incidentId) {
        return store.find(incidentId);
    }

    public Optional<Incident> openForLink(String linkId) {
        return store.openForLink(linkId);
    }

    /** The open incidents of these links, in one query, in link order (the order every batch locks them in). */
    public List<Incident> openForLinks(Collection<String> linkIds) {
        if (linkIds.isEmpty()) {
            return List.of();
        }
        String marks = String.join(", ", Collections.nCopies(linkIds.size(), "?"));
        return jdbc.query("select " + IncidentStore.COLUMNS + " from incident where open_link_id in (" + marks + ")"
                + " order by open_link_id", IncidentStore.INCIDENT, linkIds.toArray());
    }

    /** True while the incident is open and not yet handed to prompting (for the re-check routes). */
    public boolean isAwaitingHandoff(String incidentId) {
        return find(incidentId).map(Incident::isAwaitingHandoff).orElse(false);
    }

    /** The open incidents of one user (the links' external_id), oldest first. */
    public List<Incident> openForExternalId(String externalId) {
        return jdbc.query("select " + IncidentStore.COLUMNS + " from incident where external_id = ? "
                + "and open_link_id is not null order by opened_at", IncidentStore.INCIDENT, externalId);
    }

    /** Those of these incidents that are still open. */
    public List<String> stillOpen(List<String> incidentIds) {
        return select("select id from incident where open_link_id is not null and id in ", incidentIds);
    }

    /** The links of these incidents (for a bulk read of Belvo), each once. */
    public List<String> linkIdsOf(List<String> incidentIds) {
        return select("select distinct link_id from incident where id in ", incidentIds);
    }

    private List<String> select(String sql, List<String> incidentIds) {
        if (incidentIds == null || incidentIds.isEmpty()) {
            return List.of();
        }
        String marks = String.join(", ", Collections.nCopies(incidentIds.size(), "?"));
        return jdbc.queryForList(sql + "(" + marks + ")", String.class, incidentIds.toArray());
    }

    /** The incident's timeline, oldest line first. */
    public List<IncidentEvent> timeline(String incidentId) {
        return jdbc.query("select id, at, type, source, detail, webhook_id, request_id from incident_event "
                + "where incident_id = ? order by id", (rs, n) -> new IncidentEvent(rs.getLong("id"),
                        rs.getObject("at", OffsetDateTime.class), rs.getString("type"), rs.getString("source"),
                        rs.getString("detail"), rs.getString("webhook_id"), rs.getString("request_id")),
                incidentId);
    }

    /**
     * Open incidents that got no poll signal since {@code since}: after a poll, these are the links
     * Belvo no longer lists as broken, to be re-checked. Not the held ones: their links are read
     * together when the hold ends, not again with every poll while it lasts.
     */
    public List<Incident> notSignalledByPollSince(OffsetDateTime since) {
        return jdbc.query("select " + IncidentStore.COLUMNS + " from incident i where i.open_link_id is not null "
                + "and i.state <> ? and not exists (select 1 from incident_event e where e.incident_id = i.id "
                + "and e.type = 'signal' and e.source = 'poll' and e.at >= ?) order by i.opened_at", IncidentStore.INCIDENT,
                IncidentState.HELD, since);
    }

    /** The open incidents of an institution in {@code state}, oldest first. */
    public List<Incident> openAtInstitution(String institution, String state) {
        return jdbc.query("select " + IncidentStore.COLUMNS + " from incident where institution = ? and state = ? "
                + "and open_link_id is not null order by opened_at", IncidentStore.INCIDENT, institution, state);
    }

    /**
     * The links of up to {@code limit} open incidents of an institution in {@code state}, in link order,
     * those after link {@code after} (null: from the first).
     */
    public List<String> linksAtInstitution(String institution, String state, String after, int limit) {
        return jdbc.queryForList("select open_link_id from incident where institution = ? and state = ? "
                + "and open_link_id > ? order by open_link_id fetch first ? rows only", String.class,
                institution, state, after == null ? "" : after, limit);
    }

    /** How many incidents of the institution and reason were opened in [{@code from}, {@code to}). */
    public long openedBetween(String institution, String reason, OffsetDateTime from, OffsetDateTime to) {
        Long n = jdbc.queryForObject("select count(*) from incident where institution = ? and reason = ? "
                + "and opened_at >= ? and opened_at < ?", Long.class, institution, reason, from, to);
        return n == null ? 0 : n;
    }

    /** The same, counted no further than {@code atMost}. */
    public long openedBetween(String institution, String reason, OffsetDateTime from, OffsetDateTime to, long atMost) {
        Long n = jdbc.queryForObject("select count(*) from (select 1 from incident where institution = ? and reason = ? "
                + "and opened_at >= ? and opened_at < ? fetch first ? rows only) counted", Long.class, institution, reason,
                from, to, atMost);
        return n == null ? 0 : n;
    }

    /** When the institution's first incident Relink knows of was opened; null when it has none. */
    public OffsetDateTime firstOpenedAt(String institution) {
        // the first row of ix_incident_institution_first, in its own order (so H2 reads one row): min(opened_at),
        // or an order by opened_at alone, is a scan of all the institution's rows on H2
        return jdbc.query("select opened_at from incident where institution = ? order by institution, opened_at "
                + "fetch first 1 rows only",
                (row, n) -> row.getObject(1, OffsetDateTime.class), institution).stream().findFirst().orElse(null);
    }

    /** Now as incident times are stored (microseconds): the poll notes it, then asks {@link #notSignalledByPollSince}. */
    public OffsetDateTime now() {
        return IncidentStore.now(clock);
    }
}
