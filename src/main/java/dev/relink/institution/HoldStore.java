package dev.relink.institution;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.util.Collection;
import java.util.List;
import java.util.Optional;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Repository;

import dev.relink.belvo.BelvoInstitution;
import dev.relink.incident.IncidentState;

/**
 * Every write to tables {@code institution_hold} and {@code institution_status}. A hold is one row whose
 * unique {@code open_institution} is set while it lasts: of two replicas starting a hold for the same
 * institution one inserts it, the other's insert is refused and it joins that hold. Ending it is a
 * conditional update: whoever ends it first wins.
 */
@Repository
class HoldStore {

    private static final String COLUMNS = "id, institution, held_at, cause, spike_reason, spike_links, spike_baseline, "
            + "belvo_status, belvo_read_at, ended_at, ended_how";

    private final JdbcTemplate jdbc;

    HoldStore(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    Optional<Hold> open(String institution) {
        return jdbc.query("select " + COLUMNS + " from institution_hold where open_institution = ?", HoldStore::hold,
                institution).stream().findFirst();
    }

    List<Hold> allOpen() {
        return jdbc.query("select " + COLUMNS + " from institution_hold where open_institution is not null "
                + "order by held_at", HoldStore::hold);
    }

    long countOpen() {
        Long n = jdbc.queryForObject("select count(*) from institution_hold where open_institution is not null", Long.class);
        return n == null ? 0 : n;
    }

    /** Refused (DuplicateKeyException) when the institution is on hold already. */
    void insert(Hold hold) {
        jdbc.update("insert into institution_hold (id, institution, open_institution, held_at, cause, spike_reason, "
                + "spike_links, spike_baseline, belvo_status, belvo_read_at) values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                hold.id(), hold.institution(), hold.institution(), hold.heldAt(), hold.cause(), hold.spikeReason(),
                hold.spikeLinks(), hold.spikeBaseline(), hold.belvoStatus(), hold.belvoReadAt());
    }

    /** Ends the hold; false when it had ended already. */
    boolean end(String holdId, String how, OffsetDateTime at) {
        return jdbc.update("update institution_hold set open_institution = null, ended_at = ?, ended_how = ? "
                + "where id = ? and open_institution is not null", at, how, holdId) == 1;
    }

    /** What Belvo says of the institution now, on its open hold. */
    void belvoSays(String institution, String status, OffsetDateTime at) {
        jdbc.update("update institution_hold set belvo_status = ?, belvo_read_at = ? where open_institution = ?",
                status, at, institution);
    }

    /** Belvo's list of institutions it reports down replaces the last one. */
    void reportedDown(Collection<BelvoInstitution> down, OffsetDateTime at) {
        jdbc.update("delete from institution_status");
        jdbc.batchUpdate("insert into institution_status (name, status, read_at) values (?, ?, ?)",
                down.stream().map(institution -> new Object[] {institution.name(), institution.status(), at}).toList());
    }

    /** Institutions with incidents still held although none of their holds is open. */
    List<String> heldUnderNoHold() {
        return jdbc.queryForList("select distinct i.institution from incident i where i.state = ? "
                + "and i.open_link_id is not null and not exists (select 1 from institution_hold h "
                + "where h.open_institution = i.institution)", String.class, IncidentState.HELD);
    }

    boolean isReportedDown(String institution) {
        return !jdbc.queryForList("select name from institution_status where name = ? and status = ?", String.class,
                institution, BelvoInstitution.DOWN).isEmpty();
    }

    private static Hold hold(ResultSet rs, int row) throws SQLException {
        return new Hold(rs.getString("id"), rs.getString("institution"), rs.getObject("held_at", OffsetDateTime.class),
                rs.getString("cause"), rs.getString("spike_reason"), (Long) nullable(rs, rs.getLong("spike_links")),
                (Double) nullable(rs, rs.getDouble("spike_baseline")), rs.getString("belvo_status"),
                rs.getObject("belvo_read_at", OffsetDateTime.class), rs.getObject("ended_at", OffsetDateTime.class),
                rs.getString("ended_how"));
    }

    private static Object nullable(ResultSet rs, Object value) throws SQLException {
        return rs.wasNull() ? null : value;
    }
}
