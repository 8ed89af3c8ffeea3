package dev.relink.detect;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

import javax.sql.DataSource;

import org.junit.jupiter.api.Test;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.JdbcTemplate;

import dev.relink.RelinkApplication;
import dev.relink.support.BelvoStub;
import dev.relink.support.FreePorts;
import dev.relink.support.LinkIds;
import dev.relink.support.RelinkIntegrationTest;
import dev.relink.support.TempDirectories;
import dev.relink.support.WebhookClient;

/**
 * Webhooks acknowledged by an app that then stopped are processed by the next start on the same data:
 * rows never processed, and a row a crashed app had claimed and never finished.
 */
class InboxRestartTest {

    static final BelvoStub BELVO = new BelvoStub();

    static ConfigurableApplicationContext start(Path dataDir, boolean processing) {
        return new SpringApplicationBuilder(RelinkApplication.class).profiles("local").run(
                "--server.port=" + FreePorts.next(),
                "--relink.sandbox.smtp-port=" + FreePorts.next(),
                "--relink.data-dir=" + dataDir,
                "--relink.belvo.base-url=" + BELVO.baseUrl(),
                "--relink.poll.cron=0 0 0 1 1 ? 2099",
                "--relink.inbox.processing=" + processing,
                "--relink.inbox.claim-timeout=2s");
    }

    @Test
    void rowsLeftByAStoppedAppAreProcessedAfterRestart() throws Exception {
        Path dataDir = TempDirectories.create("relink-restart-");
        String prefix = LinkIds.group();
        BELVO.linksWithPrefixAre(prefix, "invalid");

        try (ConfigurableApplicationContext first = start(dataDir, false)) {
            WebhookClient client = new WebhookClient(first.getEnvironment().getProperty("local.server.port", Integer.class));
            for (int i = 0; i < 20; i++) {
                assertThat(client.webhook(WebhookIntakeTest.event(prefix + i, "LINK", "invalid_credentials", LinkIds.inGroup(prefix, i)),
                        RelinkIntegrationTest.WEBHOOK_AUTHORIZATION).statusCode()).isEqualTo(202);
            }
            JdbcTemplate jdbc = new JdbcTemplate(first.getBean(DataSource.class));
            assertThat(jdbc.queryForObject("select count(*) from webhook_inbox where status = 'pending'", Integer.class))
                    .isEqualTo(20);
            // What kill -9 leaves behind mid-processing: a claimed row whose claim has run out.
            jdbc.update("update webhook_inbox set status = 'processing', attempts = 1, claimed_until = ? "
                    + "where webhook_id = ?", java.time.OffsetDateTime.now().minusMinutes(1), prefix + 0);
        }

        try (ConfigurableApplicationContext second = start(dataDir, true)) {
            JdbcTemplate jdbc = new JdbcTemplate(second.getBean(DataSource.class));
            await().atMost(Duration.ofSeconds(60)).until(() -> jdbc.queryForObject(
                    "select count(*) from webhook_inbox where status = 'done'", Integer.class), done -> done == 20);
            assertThat(jdbc.queryForObject("select count(*) from incident where link_id like ? and open_link_id is not null",
                    Integer.class, prefix + "%")).isEqualTo(20);
            Map<String, Object> reclaimed = jdbc.queryForMap("select attempts, outcome from webhook_inbox where webhook_id = ?",
                    prefix + 0);
            assertThat(reclaimed.get("attempts")).isEqualTo(2);
            assertThat((String) reclaimed.get("outcome")).startsWith("signal:");
        }
    }
}
