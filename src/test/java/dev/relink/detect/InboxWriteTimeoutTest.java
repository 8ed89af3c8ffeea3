package dev.relink.detect;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.util.UUID;

import javax.sql.DataSource;

import org.junit.jupiter.api.Test;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.JdbcTemplate;

import dev.relink.support.RelinkIntegrationTest;
import dev.relink.support.RelinkOnPostgres;
import dev.relink.support.SharedPostgres;
import dev.relink.support.WebhookClient;

/**
 * A commit slower than {@code relink.inbox.write-timeout} is answered 503 (Belvo delivers again), and
 * nothing is lost: the row is committed once the database lets it, and the redelivery is a repeat.
 */
class InboxWriteTimeoutTest {

    @Test
    void aCommitSlowerThanTheTimeoutIs503ThenStoredOnceAndTheRedeliveryIsARepeat() throws Exception {
        SharedPostgres.Database postgres = SharedPostgres.freshDatabase();
        try (ConfigurableApplicationContext app = RelinkOnPostgres.start(postgres, "--relink.inbox.processing=false",
                        "--relink.inbox.write-timeout=1s", "--relink.poll.cron=0 0 0 1 1 ? 2099")) {
            WebhookClient client = new WebhookClient(RelinkOnPostgres.port(app));
            JdbcTemplate jdbc = new JdbcTemplate(app.getBean(DataSource.class));
            String id = "slow-" + UUID.randomUUID();
            String body = WebhookIntakeTest.event(id, "LINK", "token_required", "l-slow");

            HttpResponse<String> slow;
            try (Connection locker = postgres.dataSource().getConnection();
                    Statement lock = locker.createStatement()) {
                locker.setAutoCommit(false);
                lock.execute("lock table webhook_inbox in exclusive mode");
                slow = client.webhook(body, RelinkIntegrationTest.WEBHOOK_AUTHORIZATION);
                assertThat(InboxGroupCommitTest.insertsWaitingOnALock(postgres)).as("the insert still waits").isEqualTo(1);
                locker.commit();
            }

            WebhookIntakeTest.assertProblem(slow, 503, "deliver it again later");
            assertThat(slow.headers().firstValue("Retry-After")).hasValue("30");
            await().atMost(Duration.ofSeconds(20)).until(() -> jdbc.queryForObject(
                    "select count(*) from webhook_inbox where webhook_id = ?", Integer.class, id) == 1);
            HttpResponse<String> redelivered = client.webhook(body, RelinkIntegrationTest.WEBHOOK_AUTHORIZATION);
            assertThat(redelivered.statusCode()).isEqualTo(202);
            assertThat(redelivered.body()).contains("\"duplicate\"");
            assertThat(jdbc.queryForObject("select count(*) from webhook_inbox where webhook_id = ?", Integer.class, id))
                    .isEqualTo(1);
        }
    }
}
