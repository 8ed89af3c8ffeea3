package dev.relink.consent;

import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Repository;

/** Table {@code incident_consent}: the consent each consent incident is about (one row per incident, latest notice wins). */
@Repository
class ConsentStore {

    private final JdbcTemplate jdbc;
    private final Clock clock;

    ConsentStore(JdbcTemplate jdbc, Clock clock) {
        this.jdbc = jdbc;
        this.clock = clock;
    }

    /** Keeps what the notice says; a field the notice lacks (no due date on an expiry) keeps its earlier value. */
    void keep(String incidentId, ConsentNotice notice) {
        OffsetDateTime now = OffsetDateTime.now(clock);
        OffsetDateTime due = notice.dueAt() == null ? null : notice.dueAt().atOffset(ZoneOffset.UTC);
        int updated = jdbc.update("update incident_consent set consent_id = ?, due_at = coalesce(?, due_at), "
                + "institution = coalesce(?, institution), display_name = coalesce(?, display_name), "
                + "icon_logo = coalesce(?, icon_logo), updated_at = ? where incident_id = ?",
                notice.consentId(), due, notice.institution(), notice.displayName(), notice.iconLogo(), now, incidentId);
        if (updated == 0) {
            jdbc.update("insert into incident_consent (incident_id, consent_id, due_at, institution, display_name, "
                    + "icon_logo, updated_at) values (?, ?, ?, ?, ?, ?, ?)", incidentId, notice.consentId(), due,
                    notice.institution(), notice.displayName(), notice.iconLogo(), now);
        }
    }

    Optional<ConsentNotice> find(String incidentId) {
        List<ConsentNotice> found = jdbc.query("select consent_id, due_at, institution, display_name, icon_logo "
                + "from incident_consent where incident_id = ?", (rs, row) -> {
                    Timestamp due = rs.getTimestamp("due_at");
                    return new ConsentNotice(rs.getString("consent_id"), due == null ? null : due.toInstant(),
                            rs.getString("institution"), rs.getString("display_name"), rs.getString("icon_logo"));
                }, incidentId);
        return found.stream().findFirst();
    }

    /** Incidents whose renewal page was opened since {@code since} (open or not). */
    List<String> portalOpenedSince(OffsetDateTime since) {
        return jdbc.queryForList("select incident_id from incident_consent where portal_opened_at >= ?", String.class,
                since);
    }

    /** The consents of these incidents (Belvo's consent ids) are dropped; in the caller's transaction. */
    void forget(List<String> incidentIds) {
        jdbc.batchUpdate("delete from incident_consent where incident_id = ?",
                incidentIds.stream().map(id -> new Object[] {id}).toList());
    }

    /** The due date Belvo gave the incident's consent, when it gave one. */
    Optional<Instant> dueAt(String incidentId) {
        return jdbc.queryForList("select due_at from incident_consent where incident_id = ? and due_at is not null",
                OffsetDateTime.class, incidentId).stream().findFirst().map(OffsetDateTime::toInstant);
    }
}
