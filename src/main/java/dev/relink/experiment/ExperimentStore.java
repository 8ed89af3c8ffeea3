package dev.relink.experiment;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

import dev.relink.incident.IncidentState;

/**
 * {@code experiment_assignment}, which this package alone writes: the arm each incident was put in.
 * The outcome is read from what owns it: the incident's state and closing time (resolved: Belvo said
 * the link is valid), and the person's opt-outs on their contact row.
 */
@Component
class ExperimentStore {

    /** An incident's assignment. */
    record Assigned(String experiment, String arm, Instant at) {
    }

    /** One assigned incident as the report counts it: when it was repaired and its person opted out, if ever. */
    record Outcome(String arm, Instant assignedAt, Instant repairedAt, Instant optedOutAt) {
    }

    private final JdbcTemplate jdbc;

    ExperimentStore(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    Optional<Assigned> assignmentOf(String incidentId) {
        return jdbc.query("select experiment_id, arm, assigned_at from experiment_assignment where incident_id = ?",
                (rs, row) -> new Assigned(rs.getString(1), rs.getString(2), instant(rs, 3)), incidentId).stream().findFirst();
    }

    /**
     * Records the assignment unless the incident has one in the experiment already. Written in the
     * ladder's transaction without a failing insert (PostgreSQL would abort the whole transaction).
     */
    void assign(String experimentId, String incidentId, String arm, Instant at) {
        jdbc.update("insert into experiment_assignment (experiment_id, incident_id, arm, assigned_at)"
                + " select ?, ?, ?, ? from (values (1)) as one where not exists (select 1 from experiment_assignment"
                + " where experiment_id = ? and incident_id = ?)", experimentId, incidentId, arm, at.atOffset(ZoneOffset.UTC),
                experimentId, incidentId);
    }

    List<Outcome> outcomes(String experimentId) {
        return jdbc.query("select a.arm, a.assigned_at, i.state, i.closed_at, c.email_opt_out_at, c.sms_opt_out_at,"
                + " c.whatsapp_opt_out_at from experiment_assignment a join incident i on i.id = a.incident_id"
                + " left join contact c on c.external_id = i.external_id where a.experiment_id = ?", (rs, row) -> {
                    Instant assigned = instant(rs, 2);
                    Instant repaired = IncidentState.RESOLVED.equals(rs.getString(3)) ? instant(rs, 4) : null;
                    Instant optedOut = Stream.of(instant(rs, 5), instant(rs, 6), instant(rs, 7))
                            .filter(at -> at != null && !at.isBefore(assigned)).min(Instant::compareTo).orElse(null);
                    return new Outcome(rs.getString(1), assigned, repaired, optedOut);
                }, experimentId);
    }

    private static Instant instant(ResultSet rs, int column) throws SQLException {
        OffsetDateTime at = rs.getObject(column, OffsetDateTime.class);
        return at == null ? null : at.toInstant();
    }
}
