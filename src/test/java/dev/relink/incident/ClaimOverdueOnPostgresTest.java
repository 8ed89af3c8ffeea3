package dev.relink.incident;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.JdbcTemplate;

import dev.relink.database.RowClaims;
import dev.relink.support.SharedPostgres;

/**
 * The stranded sweep's claim on PostgreSQL takes at most its limit when many incidents are overdue at
 * once and the planner's statistics say there are hardly any (as after incidents that waited in another
 * state all became open): written as {@code in (select ... limit ...)}, the claim ran its limited select
 * again for every row it updated and took them all.
 */
class ClaimOverdueOnPostgresTest {

    static final int OVERDUE = 300;
    static final int LIMIT = 100;

    @Test
    void eachSweepClaimTakesAtMostItsLimit() throws Exception {
        SharedPostgres.Database database = SharedPostgres.freshDatabase();
        Flyway.configure().dataSource(database.dataSource())
                .locations("classpath:db/migration/common", "classpath:db/migration/postgresql").load().migrate();
        JdbcTemplate jdbc = new JdbcTemplate(database.dataSource());
        jdbc.update("insert into incident (id, link_id, open_link_id, institution, state, reason, opened_at, updated_at)"
                + " select 'i-' || n, 'l-' || n, 'l-' || n, 'gringotts', 'held', 'invalid_credentials', now(), now()"
                + " from generate_series(1, " + OVERDUE + ") n");
        jdbc.execute("analyze incident");
        jdbc.update("update incident set state = 'open', recheck_due_at = now() - interval '1 hour'");
        RecheckDue due = new RecheckDue(jdbc, Clock.systemUTC(), new RowClaims(database.dataSource()),
                new SimpleMeterRegistry(), Duration.ofMinutes(5));

        Set<String> seen = new HashSet<>();
        for (int claim = 1; claim <= OVERDUE / LIMIT; claim++) {
            List<String> links = due.claimOverdue(LIMIT);
            assertThat(links).as("claim %d", claim).hasSize(LIMIT);
            assertThat(seen.addAll(links)).as("each claim takes incidents no other claim took").isTrue();
        }
        assertThat(due.claimOverdue(LIMIT)).as("none left").isEmpty();
    }
}
