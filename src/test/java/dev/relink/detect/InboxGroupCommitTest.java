package dev.relink.detect;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import javax.sql.DataSource;

import io.micrometer.core.instrument.MeterRegistry;
import org.junit.jupiter.api.Test;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.JdbcTemplate;

import dev.relink.support.RelinkIntegrationTest;
import dev.relink.support.RelinkOnPostgres;
import dev.relink.support.SharedPostgres;
import dev.relink.support.WebhookClient;

/**
 * Group commit on real PostgreSQL: while the inbox table is locked, deliveries pile up and are then
 * committed together; a repeat among them (of a neighbour, or of a row already stored) is answered as
 * a duplicate without failing the others, and every sender learns its own row's id.
 */
class InboxGroupCommitTest {

    static final Pattern INBOX_ID = Pattern.compile("\"inbox_id\":(\\d+)");

    @Test
    void deliveriesWaitingTogetherShareOneCommitAndARepeatAmongThemFailsNoNeighbour() throws Exception {
        SharedPostgres.Database postgres = SharedPostgres.freshDatabase();
        try (ConfigurableApplicationContext app = RelinkOnPostgres.start(postgres, "--relink.inbox.processing=false",
                        "--relink.inbox.writers=1", "--relink.inbox.write-timeout=30s", // the first one waits on the lock
                        "--relink.poll.cron=0 0 0 1 1 ? 2099")) {
            Senders senders = new Senders(postgres, app);
            JdbcTemplate jdbc = new JdbcTemplate(app.getBean(DataSource.class));
            String prefix = "gc-" + UUID.randomUUID().toString().substring(0, 8) + "-";

            // Round one: eight deliveries queue behind a locked table, then commit as one transaction.
            List<String> first = new ArrayList<>();
            for (int i = 0; i < 9; i++) {
                first.add(WebhookIntakeTest.event(prefix + "a" + i, "LINK", "invalid_credentials", "l-" + i));
            }
            List<HttpResponse<String>> answers = senders.whileTheInboxIsLocked(first);
            assertThat(answers).allSatisfy(answer -> assertThat(answer.body()).contains("\"accepted\""));
            assertThat(senders.meters.get("relink.inbox.write.batch").summary().max()).isEqualTo(8);
            assertThat(jdbc.queryForObject("select count(distinct xmin::text) from webhook_inbox where webhook_id "
                    + "like ? and webhook_id <> ?", Integer.class, prefix + "a%", prefix + "a0"))
                    .as("transactions that wrote the eight queued rows").isEqualTo(1);
            assertOwnRowIds(jdbc, first, answers);

            // Round two: a repeat of a queued neighbour and a repeat of a stored row wait among new ones.
            List<String> second = new ArrayList<>();
            for (int i = 0; i < 6; i++) {
                second.add(WebhookIntakeTest.event(prefix + "b" + i, "LINK", "token_required", "l-" + i));
            }
            second.add(second.get(3));
            second.add(first.get(5));
            answers = senders.whileTheInboxIsLocked(second);
            assertThat(answers).allSatisfy(answer -> assertThat(answer.statusCode()).isEqualTo(202));
            assertThat(List.of(answers.get(3).body(), answers.get(6).body()))
                    .filteredOn(body -> body.contains("\"duplicate\"")).hasSize(1);
            assertThat(answers.get(7).body()).contains("\"duplicate\"");
            assertOwnRowIds(jdbc, second.subList(0, 7), answers.subList(0, 7));
            assertThat(jdbc.queryForObject("select count(*) from webhook_inbox where webhook_id like ?", Integer.class,
                    prefix + "%")).isEqualTo(15);
        }
    }

    /** Each delivery was accepted exactly once, and that answer carried the id of its own row. */
    static void assertOwnRowIds(JdbcTemplate jdbc, List<String> bodies, List<HttpResponse<String>> answers) {
        for (String body : bodies.stream().distinct().toList()) {
            String webhookId = body.substring(body.indexOf("\"webhook_id\":\"") + 14).split("\"")[0];
            long row = jdbc.queryForObject("select id from webhook_inbox where webhook_id = ?", Long.class, webhookId);
            List<Long> acceptedIds = new ArrayList<>();
            for (int n = 0; n < answers.size(); n++) {
                if (bodies.get(n).equals(body) && answers.get(n).body().contains("\"accepted\"")) {
                    acceptedIds.add(inboxId(answers.get(n).body()));
                }
            }
            assertThat(acceptedIds).as(webhookId).containsExactly(row);
        }
    }

    /** Sends deliveries side by side while a transaction holds the inbox table locked. */
    static final class Senders {

        final SharedPostgres.Database postgres;
        final MeterRegistry meters;
        final WebhookClient client;
        final ExecutorService threads = Executors.newFixedThreadPool(16);

        Senders(SharedPostgres.Database postgres, ConfigurableApplicationContext app) {
            this.postgres = postgres;
            this.meters = app.getBean(MeterRegistry.class);
            this.client = new WebhookClient(RelinkOnPostgres.port(app));
        }

        /** The first delivery takes the writer and waits on the lock; the rest queue until it is released. */
        List<HttpResponse<String>> whileTheInboxIsLocked(List<String> bodies) throws Exception {
            List<CompletableFuture<HttpResponse<String>>> answers = new ArrayList<>();
            try (Connection locker = postgres.dataSource().getConnection();
                    Statement lock = locker.createStatement()) {
                locker.setAutoCommit(false);
                lock.execute("lock table webhook_inbox in exclusive mode");
                answers.add(send(bodies.get(0)));
                await().atMost(Duration.ofSeconds(20)).until(() -> insertsWaitingOnALock(postgres) == 1);
                for (String body : bodies.subList(1, bodies.size())) {
                    answers.add(send(body));
                }
                await().atMost(Duration.ofSeconds(20)).until(() -> queued(meters) == bodies.size() - 1);
                locker.commit();
            }
            return answers.stream().map(CompletableFuture::join).toList();
        }

        CompletableFuture<HttpResponse<String>> send(String body) {
            return CompletableFuture.supplyAsync(() -> client.webhook(body, RelinkIntegrationTest.WEBHOOK_AUTHORIZATION),
                    threads);
        }
    }

    static int insertsWaitingOnALock(SharedPostgres.Database postgres) {
        return new JdbcTemplate(postgres.dataSource()).queryForObject("select count(*) from pg_stat_activity "
                + "where datname = current_database() and wait_event_type = 'Lock' and query like 'insert into webhook_inbox%'",
                Integer.class);
    }

    static double queued(MeterRegistry meters) {
        return meters.get("relink.inbox.write.queue").gauge().value();
    }

    static long inboxId(String body) {
        Matcher id = INBOX_ID.matcher(body);
        assertThat(id.find()).as(body).isTrue();
        return Long.parseLong(id.group(1));
    }
}
