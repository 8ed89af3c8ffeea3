package dev.relink.prompt;

import java.sql.PreparedStatement;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.support.GeneratedKeyHolder;
import org.springframework.jdbc.support.KeyHolder;
import org.springframework.stereotype.Component;

import dev.relink.database.RowClaims;
import dev.relink.incident.IncidentLifecycle;
import dev.relink.incident.IncidentState;

/**
 * The ladder's own bookkeeping, kept in two columns of the incident's row: {@code prompt_step} (the
 * next step to send) and {@code next_prompt_at} (when it is due, or until when a replica holds it).
 * They sit on that row so that claiming due steps is one conditional UPDATE of the rows in state
 * {@code prompting}, safe between replicas. Everything else about an incident (its state, the
 * timeline, the other columns) belongs to the incident package: state changes are asked of
 * {@link IncidentLifecycle}, in the same transaction as the bookkeeping they go with, and nothing
 * here ever writes {@code state}. Every update is conditional on state {@code prompting}, so that
 * whoever changes the row first wins (detection resolving the link, the repair page) and the ladder
 * steps back.
 */
@Component
class PromptIncidents {

    private static final String PROMPTING = IncidentState.PROMPTING;

    private final JdbcTemplate jdbc;
    private final IncidentLifecycle lifecycle;
    private final RowClaims rows;

    PromptIncidents(JdbcTemplate jdbc, IncidentLifecycle lifecycle, RowClaims rows) {
        this.jdbc = jdbc;
        this.lifecycle = lifecycle;
        this.rows = rows;
    }

    /** The step the incident is on. */
    Optional<Integer> step(String id) {
        return jdbc.queryForList("select prompt_step from incident where id = ?", Integer.class, id).stream()
                .findFirst();
    }

    /** Step 0 of an incident that just moved to prompting, claimed by this replica until {@code leaseUntil}. */
    void begin(String id, Instant leaseUntil) {
        jdbc.update("update incident set prompt_step = 0, next_prompt_at = ? where id = ? and state = ?",
                at(leaseUntil), id, PROMPTING);
    }

    /**
     * Takes up to {@code limit} due incidents in one statement (never more: {@link RowClaims#idIn}), by
     * pushing their next_prompt_at out by the lease: this replica owns the steps of the rows it changed; if it dies, the lease runs out and
     * another replica picks them up again. Rows another replica is claiming at that moment are skipped
     * ({@link RowClaims}: on PostgreSQL each replica gets other rows instead of waiting; H2, one
     * instance only, locks nothing up front and the conditional UPDATE decides). The claimed ids come back as the
     * statement's generated keys (PostgreSQL's JDBC driver adds {@code returning id}; H2 answers an
     * UPDATE's rows the same way).
     */
    List<String> claimDue(Instant now, Instant leaseUntil, int limit) {
        // No next_prompt_at: the incident reached prompting without the ladder's start (a repair
        // submitted from the app before any prompt, which Belvo then did not confirm): due now.
        String due = "state = ? and (next_prompt_at is null or next_prompt_at <= ?)";
        // Ordered by id after the time: H2 evaluates a locking subquery more than once, and among
        // equal times (a whole burst falls due at one instant) it then claimed fewer than the limit.
        KeyHolder claimed = new GeneratedKeyHolder();
        jdbc.update(con -> {
            PreparedStatement claim = con.prepareStatement("update incident set next_prompt_at = ?, version = version + 1"
                    + " where " + rows.idIn("select id from incident where " + due + " order by next_prompt_at nulls first, id"
                    + " limit ?") + " and " + due, new String[] {"id"});
            Object[] values = {at(leaseUntil), PROMPTING, at(now), limit, PROMPTING, at(now)};
            for (int i = 0; i < values.length; i++) {
                claim.setObject(i + 1, values[i]);
            }
            return claim;
        }, claimed);
        return claimed.getKeyList().stream().map(row -> (String) row.values().iterator().next()).toList();
    }

    /** Moves the ladder on: step {@code nextStep} is due at {@code nextAt}. */
    void advance(String id, int nextStep, Instant nextAt, Instant now) {
        jdbc.update("update incident set prompt_step = ?, next_prompt_at = ?, updated_at = ?, version = version + 1"
                + " where id = ? and state = ?", nextStep, at(nextAt), at(now), id, PROMPTING);
    }

    /** Back to before step 0 (none claimed, none planned), as an incident that was never handed over. */
    void unbegin(String id, Instant now) {
        jdbc.update("update incident set prompt_step = 0, next_prompt_at = null, updated_at = ?, version = version + 1"
                + " where id = ? and state = ?", at(now), id, PROMPTING);
    }

    /** Back to step {@code step}, due at {@code at}, when the ladder had just moved past it (to {@code step + 1}). */
    void retake(String id, int step, Instant at, Instant now) {
        jdbc.update("update incident set prompt_step = ?, next_prompt_at = ?, updated_at = ?, version = version + 1"
                + " where id = ? and state = ? and prompt_step = ?", step, at(at), at(now), id, PROMPTING, step + 1);
    }

    /** The next step of a prompting incident and when it is due, if the ladder has planned one. */
    Optional<Ladder.NextStep> nextStep(String id) {
        return jdbc.query("select prompt_step, next_prompt_at from incident where id = ? and state = ?"
                + " and next_prompt_at is not null", (rs, row) -> new Ladder.NextStep(id, rs.getInt("prompt_step"),
                        rs.getTimestamp("next_prompt_at").toInstant()), id, PROMPTING).stream().findFirst();
    }

    /** The planned step goes at {@code at} instead; false when the ladder moved on meanwhile. */
    boolean reschedule(Ladder.NextStep next, Instant at, Instant now) {
        return jdbc.update("update incident set next_prompt_at = ?, updated_at = ?, version = version + 1"
                + " where id = ? and state = ? and prompt_step = ? and next_prompt_at = ?", at(at), at(now),
                next.incidentId(), PROMPTING, next.step(), at(next.at())) == 1;
    }

    /** Same step, later (quiet hours, caps). */
    void defer(String id, Instant until, Instant now) {
        jdbc.update("update incident set next_prompt_at = ?, updated_at = ?, version = version + 1"
                + " where id = ? and state = ?", at(until), at(now), id, PROMPTING);
    }

    /** The person's incidents parked as no_contact go back on the ladder, due now (a contact was saved). */
    void resumeNoContact(String externalId, Instant now) {
        lifecycle.resumeNoContact(externalId, "a contact was saved; prompting resumes").forEach(id -> dueNow(id, now));
    }

    /** A no_contact incident goes back on the ladder, due now; nothing happens in any other state. */
    void resume(String id, Instant now, String why) {
        if (lifecycle.resumePrompting(id, why)) {
            dueNow(id, now);
        }
    }

    private void dueNow(String id, Instant now) {
        jdbc.update("update incident set next_prompt_at = ? where id = ? and state = ?", at(now), id, PROMPTING);
    }

    /** Holds the person's contact row until the transaction ends (nothing to hold for looked-up contacts). */
    void lockPerson(String externalId) {
        jdbc.queryForList("select external_id from contact where external_id = ? for update", String.class, externalId);
    }

    /** Prompts sent within the window for the link and for the person (all their links). */
    int sentForLinkSince(String linkId, Instant since) {
        return count("select count(*) from prompt_delivery d join incident i on i.id = d.incident_id"
                + " where i.link_id = ? and d.created_at > ?", linkId, since);
    }

    int sentForPersonSince(String externalId, Instant since) {
        return count("select count(*) from prompt_delivery d join incident i on i.id = d.incident_id"
                + " where i.external_id = ? and d.created_at > ?", externalId, since);
    }

    /** When the oldest prompt inside the window was sent, so a capped step can wait until it drops out. */
    Optional<Instant> oldestSentForLinkSince(String linkId, Instant since) {
        return oldest("i.link_id = ?", linkId, since);
    }

    Optional<Instant> oldestSentForPersonSince(String externalId, Instant since) {
        return oldest("i.external_id = ?", externalId, since);
    }

    /** When step 0 went out; later steps are counted from there. */
    Optional<Instant> firstPromptAt(String id) {
        return Optional.ofNullable(instant(jdbc.queryForObject(
                "select min(created_at) from prompt_delivery where incident_id = ?", OffsetDateTime.class, id)));
    }

    private Optional<Instant> oldest(String where, String key, Instant since) {
        return Optional.ofNullable(instant(jdbc.queryForObject("select min(d.created_at) from prompt_delivery d"
                + " join incident i on i.id = d.incident_id where " + where
                + " and d.created_at > ?", OffsetDateTime.class, key, at(since))));
    }

    private int count(String sql, String key, Instant since) {
        Integer n = jdbc.queryForObject(sql, Integer.class, key, at(since));
        return n == null ? 0 : n;
    }

    static OffsetDateTime at(Instant instant) {
        return instant == null ? null : instant.atOffset(ZoneOffset.UTC);
    }

    static Instant instant(OffsetDateTime value) {
        return value == null ? null : value.toInstant();
    }
}
