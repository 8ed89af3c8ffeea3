package dev.relink.privacy;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.util.TestSocketUtils;

import dev.relink.support.AppWebhookReceiver;
import dev.relink.support.RelinkHttp;
import dev.relink.support.RelinkOnPostgres;

/** The erasure journey of {@link ErasureTest} on PostgreSQL: its SQL, its LIKE searches and its text columns. */
class ErasureOnPostgresTest {

    static final AppWebhookReceiver APP = new AppWebhookReceiver("erasure-test-app-webhook-secret");
    static final int SMTP = TestSocketUtils.findAvailableTcpPort();

    static EmbeddedPostgres postgres;
    static ConfigurableApplicationContext relink;

    @BeforeAll
    static void start() throws Exception {
        postgres = EmbeddedPostgres.builder().start();
        APP.server().stubFor(post(urlEqualTo(AppWebhookReceiver.PATH)).willReturn(aResponse().withStatus(204)));
        relink = RelinkOnPostgres.start(postgres,
                "--relink.mail.port=" + SMTP,
                "--relink.retry.smtp.maximum-redeliveries=0",
                "--relink.poll.cron=0 0 0 1 1 ? 2099",
                "--relink.app-webhook.url=" + APP.server().baseUrl() + AppWebhookReceiver.PATH,
                "--relink.app-webhook.secret=" + APP.secret(),
                "--relink.app-webhook.dispatch-period=100");
    }

    @AfterAll
    static void stop() throws Exception {
        relink.close();
        postgres.close();
        APP.stop();
    }

    @Test
    void deletingAContactLeavesNoTraceOfThePersonInAnyTableButKeepsTheCounts() throws Exception {
        new ErasureJourney(new RelinkHttp(RelinkOnPostgres.port(relink)), relink.getBean(JdbcTemplate.class), SMTP).run();
    }
}
