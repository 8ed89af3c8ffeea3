package dev.relink.detect;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;

import javax.sql.DataSource;

import org.flywaydb.core.Flyway;
import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.Test;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.JdbcTemplate;

import dev.relink.support.SharedPostgres;

/**
 * Every Flyway migration runs on H2 and on PostgreSQL, with the locations the app uses, and the core
 * tables round-trip on both: timestamps with zone, identity keys, one open incident per link.
 */
class MigrationsTest {

    static DataSource h2() {
        JdbcDataSource h2 = new JdbcDataSource();
        h2.setURL("jdbc:h2:mem:migrations-" + System.nanoTime() + ";DB_CLOSE_DELAY=-1;MODE=Regular");
        return h2;
    }

    static int migrate(DataSource dataSource, String vendor) {
        return Flyway.configure().dataSource(dataSource)
                .locations("classpath:db/migration/common", "classpath:db/migration/" + vendor).load()
                .migrate().migrationsExecuted;
    }

    @Test
    void allMigrationsRunAndRoundTripOnH2() {
        DataSource h2 = h2();
        assertThat(migrate(h2, "h2")).isPositive();
        roundTrip(new JdbcTemplate(h2));
    }

    @Test
    void allMigrationsRunAndRoundTripOnPostgresql() {
        DataSource pg = SharedPostgres.freshDatabase().dataSource();
        assertThat(migrate(pg, "postgresql")).isPositive();
        JdbcTemplate jdbc = new JdbcTemplate(pg);
        roundTrip(jdbc);
        assertThat(jdbc.queryForObject("select count(*) from qrtz_locks", Integer.class)).isZero();
        assertThat(jdbc.queryForList("select table_name from information_schema.tables where table_name like 'qrtz_%'",
                String.class)).contains("qrtz_triggers", "qrtz_cron_triggers", "qrtz_scheduler_state", "qrtz_locks");
    }

    static void roundTrip(JdbcTemplate jdbc) {
        OffsetDateTime at = OffsetDateTime.of(2026, 11, 25, 13, 0, 0, 123_456_000, ZoneOffset.UTC)
                .truncatedTo(ChronoUnit.MICROS);
        jdbc.update("insert into incident (id, link_id, open_link_id, state, reason, opened_at, updated_at) "
                + "values ('i-1', 'link-1', 'link-1', 'open', 'token_required', ?, ?)", at, at);
        assertThatThrownBy(() -> jdbc.update("insert into incident (id, link_id, open_link_id, state, reason, opened_at, "
                + "updated_at) values ('i-2', 'link-1', 'link-1', 'open', 'invalid_credentials', ?, ?)", at, at))
                .isInstanceOf(DuplicateKeyException.class);
        jdbc.update("update incident set open_link_id = null, state = 'resolved', closed_at = ? where id = 'i-1'", at);
        jdbc.update("insert into incident (id, link_id, open_link_id, state, reason, opened_at, updated_at) "
                + "values ('i-2', 'link-1', 'link-1', 'open', 'invalid_credentials', ?, ?)", at, at);
        jdbc.update("insert into incident_event (incident_id, at, type, source, webhook_id) values ('i-2', ?, 'signal', "
                + "'webhook', 'w-1')", at);
        assertThat(jdbc.queryForObject("select at from incident_event where incident_id = 'i-2'", OffsetDateTime.class)
                .toInstant()).isEqualTo(at.toInstant());
        jdbc.update("insert into webhook_inbox (webhook_id, webhook_type, webhook_code, payload, received_at, status) "
                + "values ('w-1', 'LINK', 'invalid_credentials', '{}', ?, 'pending')", at);
        assertThatThrownBy(() -> jdbc.update("insert into webhook_inbox (webhook_id, webhook_type, webhook_code, payload, "
                + "received_at, status) values ('w-1', 'LINK', 'invalid_credentials', '{}', ?, 'pending')", at))
                .isInstanceOf(DuplicateKeyException.class);
        jdbc.update("insert into webhook_inbox (webhook_id, webhook_type, webhook_code, payload, received_at, status) "
                + "values ('w-1', 'ACCOUNTS', 'historical_update', '{}', ?, 'pending')", at);
        assertThat(jdbc.queryForObject("select count(*) from incident where open_link_id = 'link-1'", Integer.class))
                .isEqualTo(1);
        assertThat(jdbc.queryForObject("select count(*) from webhook_inbox where webhook_id = 'w-1'", Integer.class))
                .isEqualTo(2);
    }
}
