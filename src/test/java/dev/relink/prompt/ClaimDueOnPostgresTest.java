package dev.relink.prompt;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.JdbcTemplate;

import dev.relink.database.RowClaims;
import dev.relink.support.SharedPostgres;

/**
 * The ladder's claim on PostgreSQL after a hold of many links is released: each claim takes one batch,
 * never more. The statistics are as after an outage (the planner last saw the incidents held, so it
 * expects almost none prompting): written as {@code in (select ... limit ...)}, the claim then ran its
 * limited select again for every row it updated and took all of them at once (9,999 in one batch, the
 * app out of heap, in the outage benchmark).
 */
class ClaimDueOnPostgresTest {

    static final int RELEASED = 300;
    static final int BATCH = 50;

    static JdbcTemplate jdbc;
    static PromptIncidents ladder;

    @BeforeAll
    static void releasedHoldOnAFreshDatabase() throws Exception {
        SharedPostgres.Database database = SharedPostgres.freshDatabase();
        Flyway.configure().dataSource(database.dataSource())
                .locations("classpath:db/migration/common", "classpath:db/migration/postgresql").load().migrate();
        jdbc = new JdbcTemplate(database.dataSource());
        jdbc.update("insert into incident (id, link_id, open_link_id, institution, state, reason, opened_at, updated_at)"
                + " select 'i-' || n, 'l-' || n, 'l-' || n, 'gringotts', 'held', 'invalid_credentials', now(), now()"
                + " from generate_series(1, " + RELEASED + ") n");
        jdbc.execute("analyze incident");
        // released: held -> prompting, no step planned (due now)
        jdbc.update("update incident set state = 'prompting' where state = 'held'");
        ladder = new PromptIncidents(jdbc, null, new RowClaims(database.dataSource()));
    }

    @Test
    void aReleasedHoldIsClaimedOneBatchAtATime() {
        Instant now = Instant.now();
        Set<String> seen = new HashSet<>();
        for (int claim = 1; claim <= RELEASED / BATCH; claim++) {
            List<String> batch = ladder.claimDue(now, now.plus(Duration.ofMinutes(5)), BATCH);
            assertThat(batch).as("claim %d", claim).hasSize(BATCH);
            assertThat(seen.addAll(batch)).as("each claim takes incidents no other claim took").isTrue();
            assertThat(jdbc.queryForObject("select count(*) from incident where next_prompt_at is not null",
                    Integer.class)).as("claimed so far").isEqualTo(claim * BATCH);
        }
        assertThat(ladder.claimDue(now, now.plus(Duration.ofMinutes(5)), BATCH)).as("none left").isEmpty();
    }
}
