package dev.relink.privacy;


import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import org.apache.camel.CamelContext;
import org.apache.camel.builder.NotifyBuilder;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.quartz.JobKey;
import org.quartz.Scheduler;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.JdbcTemplate;

import dev.relink.support.AppWebhookReceiver;
import dev.relink.support.FreePorts;
import dev.relink.support.RelinkHttp;
import dev.relink.support.RelinkOnPostgres;
import dev.relink.support.SharedPostgres;

/** The erasure journey of {@link ErasureTest} on PostgreSQL: its SQL, its LIKE searches and its text columns. */
class ErasureOnPostgresTest {

    static final AppWebhookReceiver APP = new AppWebhookReceiver("erasure-test-app-webhook-secret").acceptingAll();
    static final int SMTP = FreePorts.next();

    static ConfigurableApplicationContext relink;

    @BeforeAll
    static void start() throws Exception {
        List<String> settings = new ArrayList<>(List.of("--relink.mail.port=" + SMTP,
                "--relink.retry.smtp.maximum-redeliveries=0", "--relink.poll.cron=0 0 0 1 1 ? 2099"));
        settings.addAll(APP.arguments());
        relink = RelinkOnPostgres.start(SharedPostgres.freshDatabase(), settings.toArray(String[]::new));
    }

    @AfterAll
    static void stop() throws Exception {
        relink.close();
        APP.stop();
    }

    @Test
    void deletingAContactLeavesNoTraceOfThePersonInAnyTableButKeepsTheCounts() throws Exception {
        GreenMail smtp = new GreenMail(new ServerSetup(SMTP, "127.0.0.1", ServerSetup.PROTOCOL_SMTP));
        smtp.start();
        new ErasureJourney(new RelinkHttp(RelinkOnPostgres.port(relink)), relink.getBean(JdbcTemplate.class), smtp).run();
    }

    @Test
    void theRetentionPurgeIsAJobOfTheClusteredStoreAndItsSqlRunsOnPostgresql() throws Exception {
        JdbcTemplate jdbc = relink.getBean(JdbcTemplate.class);
        // in qrtz_* (shared by the replicas), so each tick runs on one of them
        assertThat(jdbc.queryForList("select cron_expression from qrtz_cron_triggers where trigger_group = 'retention'"
                + " and trigger_name = 'purge'", String.class)).containsExactly("0 30 3 * * ?");
        NotifyBuilder purged = new NotifyBuilder(relink.getBean(CamelContext.class)).fromRoute("retention.purge")
                .whenCompleted(1).create();
        relink.getBean(Scheduler.class).triggerJob(JobKey.jobKey("purge", "retention"));
        assertThat(purged.matches(30, TimeUnit.SECONDS)).isTrue();
        assertThat(jdbc.queryForObject("select count(*) from dead_letter where route_id = 'retention.purge'", Integer.class))
                .isZero();
    }
}
