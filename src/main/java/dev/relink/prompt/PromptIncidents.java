package dev.relink.prompt;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import org.springframework.jdbc.core.JdbcTemplate;
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

    /** open → prompting, first step due now. False when it was already handed over (or closed). */
    boolean startPrompting(String id, Instant now) {
        int updated = jdbc.update("update incident set state = ?, prompt_step = 0, next_prompt_at = ?, updated_at = ?,"
                + " version = version + 1 where id = ? and (state = ? or (state = ? and next_prompt_at is null))",
                PROMPTING, at(now), at(now), id, OPEN, PROMPTING);
        return updated == 1;
    }

    /**
     * Takes up to {@code limit} incidents whose step is due by pushing their next_prompt_at out by the
     * lease: only the replica whose UPDATE matched the old value owns the step; if it dies, the lease
     * runs out and another replica picks the incident up again.
     */
    List<String> claimDue(Instant now, Instant leaseUntil, int limit) {
        // No next_prompt_at: detection handed the incident over but this app stopped before the ladder
        // started it (a kill between the two commits); due now, or it would never be prompted.
        List<Row> due = jdbc.query("select id, next_prompt_at from incident where state = ?"
                + " and (next_prompt_at <= ? or next_prompt_at is null) order by next_prompt_at", (rs, n) -> new Row(rs.getString(1), null, null, null, null, null, 0,
                        instant(rs.getObject(2, OffsetDateTime.class))),
                PROMPTING, at(now)).stream().limit(limit).toList();
        List<String> claimed = new ArrayList<>();
        for (Row row : due) {
            if (claim(row.id(), row.nextPromptAt(), leaseUntil)) {
                claimed.add(row.id());
            }
        }
        return claimed;
    }

    boolean claim(String id, Instant expectedNext, Instant leaseUntil) {
        if (expectedNext == null) {
            return jdbc.update("update incident set next_prompt_at = ?, version = version + 1"
                    + " where id = ? and state = ? and next_prompt_at is null", at(leaseUntil), id, PROMPTING) == 1;
        }
        return jdbc.update("update incident set next_prompt_at = ?, version = version + 1"
                + " where id = ? and state = ? and next_prompt_at = ?",
                at(leaseUntil), id, PROMPTING, at(expectedNext)) == 1;
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
