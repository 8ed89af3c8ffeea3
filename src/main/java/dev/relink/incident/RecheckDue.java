package dev.relink.incident;

import java.sql.PreparedStatement;
import java.time.Clock;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.List;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.support.GeneratedKeyHolder;
import org.springframework.jdbc.support.KeyHolder;
import org.springframework.stereotype.Component;

import dev.relink.database.RowClaims;

/**
 * The database's copy of the re-checks that wait in a replica's memory ({@code detect.queue-recheck}):
 * column {@code recheck_due_at}, written with the incident in the transaction that opens it, says
 * when an incident still open (not yet handed to prompting, closed or parked) has waited too long,
 * {@code relink.detect.recheck-lease} after it opened. A re-check read in time moves the incident on
 * long before; one still open past it lost its replica (kill -9, a crash mid-batch), and is then
 * claimed (its due time moved a lease on, so one replica takes it) and queued again: by any replica's
 * sweep ({@code routes/detect-stranded.yaml}), or at once by a repeated signal for its link.
 * Metrics: {@code relink.incidents.overdue} (gauge: incidents waiting past their due time now, read
 * from the table at each scrape, so it counts every replica's) and {@code relink.rechecks.requeued}
 * (counter, tag {@code by}: {@code sweep} or {@code signal}).
 */
@Component("recheckDue")
public class RecheckDue {

    private static final String OVERDUE = "state = ? and recheck_due_at <= ?";

    private final JdbcTemplate jdbc;
    private final Clock clock;
    private final RowClaims rows;
    private final Duration lease;
    private final Counter bySweep;
    private final Counter bySignal;

    RecheckDue(JdbcTemplate jdbc, Clock clock, RowClaims rows, MeterRegistry meters,
            @Value("${relink.detect.recheck-lease}") Duration lease) {
        this.jdbc = jdbc;
        this.clock = clock;
        this.rows = rows;
        this.lease = lease;
        Gauge.builder("relink.incidents.overdue", this, RecheckDue::overdue)
                .description("Open incidents still waiting for their re-check past its due time").register(meters);
        this.bySweep = requeued(meters, "sweep");
        this.bySignal = requeued(meters, "signal");
    }

    private static Counter requeued(MeterRegistry meters, String by) {
        return Counter.builder("relink.rechecks.requeued").description("Re-checks of overdue incidents queued again")
                .tag("by", by).register(meters);
    }

    /** When an incident opened at {@code openedAt} is overdue for its re-check. */
    OffsetDateTime dueFrom(OffsetDateTime openedAt) {
        return openedAt.plus(lease);
    }

    /**
     * Claims up to {@code limit} open incidents past their due time (never more: {@link RowClaims#idIn}),
     * the longest overdue first, for a lease (rows another replica is claiming are skipped); answers their links,
     * whose re-checks the caller queues again.
     */
    public List<String> claimOverdue(int limit) {
        OffsetDateTime now = IncidentStore.now(clock);
        KeyHolder claimed = new GeneratedKeyHolder();
        jdbc.update(con -> {
            PreparedStatement claim = con.prepareStatement("update incident set recheck_due_at = ?"
                    + " where " + rows.idIn("select id from incident where " + OVERDUE + " order by recheck_due_at, id"
                    + " limit ?") + " and " + OVERDUE, new String[] {"link_id"});
            Object[] values = {dueFrom(now), IncidentState.OPEN, now, limit, IncidentState.OPEN, now};
            for (int i = 0; i < values.length; i++) {
                claim.setObject(i + 1, values[i]);
            }
            return claim;
        }, claimed);
        List<String> links = claimed.getKeyList().stream().map(row -> (String) row.values().iterator().next()).toList();
        bySweep.increment(links.size());
        return links;
    }

    /**
     * A signal repeated for an incident that still waits for its re-check: true when the incident is
     * past its due time and this call claimed it (its re-check is to be queued again); false while it
     * is not due (no query: it opened less than a lease ago) or once another replica claimed it.
     */
    public boolean claimIfOverdue(Incident incident) {
        OffsetDateTime now = IncidentStore.now(clock);
        if (!incident.isAwaitingHandoff() || dueFrom(incident.openedAt()).isAfter(now)) {
            return false;
        }
        boolean claimed = jdbc.update("update incident set recheck_due_at = ? where id = ? and " + OVERDUE,
                dueFrom(now), incident.id(), IncidentState.OPEN, now) == 1;
        if (claimed) {
            bySignal.increment();
        }
        return claimed;
    }

    /** How many incidents wait past their re-check's due time now. */
    public long overdue() {
        Long count = jdbc.queryForObject("select count(*) from incident where " + OVERDUE, Long.class,
                IncidentState.OPEN, IncidentStore.now(clock));
        return count == null ? 0 : count;
    }
}
