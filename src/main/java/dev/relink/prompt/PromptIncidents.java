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

import dev.relink.incident.IncidentState;
import dev.relink.incident.Incidents;

/**
 * The ladder's columns of table {@code incident} ({@code prompt_step}, {@code next_prompt_at}); state
 * changes and the timeline go through the {@code incidents} bean. Every update is conditional on the
 * state it expects, so replicas and the other capabilities (detection resolving a link, the repair
 * page) never overwrite each other: whoever changes the row first wins, the others step back.
 */
@Component
class PromptIncidents {

    private static final String NO_CONTACT = IncidentState.NO_CONTACT;
    private static final String OPEN = IncidentState.OPEN;
    private static final String PROMPTING = IncidentState.PROMPTING;

    /** The columns the ladder needs. */
    record Row(String id, String linkId, String externalId, String institution, String state, String reason,
            int promptStep, Instant nextPromptAt) {
    }

    private final JdbcTemplate jdbc;
    private final Incidents incidents;

    PromptIncidents(JdbcTemplate jdbc, Incidents incidents) {
        this.jdbc = jdbc;
        this.incidents = incidents;
    }

    Optional<Row> find(String id) {
        return jdbc.query("select id, link_id, external_id, institution, state, reason, prompt_step, next_prompt_at"
                + " from incident where id = ?", (rs, n) -> new Row(rs.getString(1), rs.getString(2),
                        rs.getString(3), rs.getString(4), rs.getString(5), rs.getString(6), rs.getInt(7),
                        instant(rs.getObject(8, OffsetDateTime.class))), id)
                .stream().findFirst();
    }

    /**
     * open → prompting at step 0, claimed by this replica until {@code leaseUntil} (one statement), so
     * that step 0 goes out now. False when it was already handed over (or closed).
     */
    boolean startPrompting(String id, Instant now, Instant leaseUntil) {
        int updated = jdbc.update("update incident set state = ?, prompt_step = 0, next_prompt_at = ?, updated_at = ?,"
                + " version = version + 1 where id = ? and (state = ? or (state = ? and next_prompt_at is null))",
                PROMPTING, at(leaseUntil), at(now), id, OPEN, PROMPTING);
        return updated == 1;
    }

    /**
     * Takes up to {@code limit} due incidents in one statement, by pushing their next_prompt_at out by
     * the lease: this replica owns the steps of the rows it changed; if it dies, the lease runs out and
     * another replica picks them up again. Rows another replica is claiming at that moment are skipped
     * ({@code for update skip locked}: on PostgreSQL each replica gets other rows instead of waiting;
     * H2, one instance only, leaves them to the next claim). The claimed ids come back as the
     * statement's generated keys (PostgreSQL's JDBC driver adds {@code returning id}; H2 answers an
     * UPDATE's rows the same way).
     */
    List<String> claimDue(Instant now, Instant leaseUntil, Instant handedOverBefore, int limit) {
        // No next_prompt_at: detection handed the incident over and prompt.start has not started it
        // yet. That is the hand-off's own work (step 0 at once) unless it is older than a lease: then
        // the app stopped between the two commits (a kill), and without the ladder it would never be
        // prompted. Taking fresh hand-offs here too made the ladder race detection through a burst.
        String due = "state = ? and (next_prompt_at <= ? or (next_prompt_at is null and updated_at <= ?))";
        // Ordered by id after the time: H2 evaluates a locking subquery more than once, and among
        // equal times (a whole burst falls due at one instant) it then claimed fewer than the limit.
        KeyHolder claimed = new GeneratedKeyHolder();
        jdbc.update(con -> {
            PreparedStatement claim = con.prepareStatement("update incident set next_prompt_at = ?, version = version + 1"
                    + " where id in (select id from incident where " + due + " order by next_prompt_at nulls first, id"
                    + " limit ? for update skip locked) and " + due, new String[] {"id"});
            Object[] values = {at(leaseUntil), PROMPTING, at(now), at(handedOverBefore), limit, PROMPTING, at(now),
                at(handedOverBefore)};
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

    /** Same step, later (quiet hours, caps). */
    void defer(String id, Instant until, Instant now) {
        jdbc.update("update incident set next_prompt_at = ?, updated_at = ?, version = version + 1"
                + " where id = ? and state = ?", at(until), at(now), id, PROMPTING);
    }

    /** The person's incidents parked as no_contact go back on the ladder, due now. */
    void resumeNoContact(String externalId, Instant now) {
        List<String> parked = jdbc.queryForList("select id from incident where external_id = ? and state = ?",
                String.class, externalId, NO_CONTACT);
        for (String id : parked) {
            resume(id, now, "a contact was saved; prompting resumes");
        }
    }

    /** A no_contact incident goes back on the ladder, due now; nothing happens in any other state. */
    void resume(String id, Instant now, String why) {
        if (incidents.transition(id, NO_CONTACT, PROMPTING, why)) {
            jdbc.update("update incident set next_prompt_at = ? where id = ? and state = ?", at(now), id, PROMPTING);
        }
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
