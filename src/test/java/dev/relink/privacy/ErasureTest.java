package dev.relink.privacy;


import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import dev.relink.support.AppWebhookReceiver;
import dev.relink.support.FreePorts;
import dev.relink.support.RelinkHttp;
import dev.relink.support.RelinkIntegrationTest;

/** Deleting a contact erases the person from every table (on H2; {@link ErasureOnPostgresTest} on PostgreSQL). */
class ErasureTest extends RelinkIntegrationTest {

    static final AppWebhookReceiver APP = new AppWebhookReceiver("erasure-test-app-webhook-secret").acceptingAll();

    @DynamicPropertySource
    static void ownMailAndAppWebhook(DynamicPropertyRegistry registry) {
        int smtp = FreePorts.next();
        registry.add("relink.mail.port", () -> smtp); // the journey's GreenMail; the local one does not start
        registry.add("relink.retry.smtp.maximum-redeliveries", () -> 0);
        APP.register(registry);
    }

    @AfterAll
    static void stopApp() {
        APP.stop();
    }

    @Value("${local.server.port}")
    int port;
    @Value("${relink.mail.port}")
    int smtpPort;
    @Autowired
    JdbcTemplate jdbc;

    @Test
    void deletingAContactLeavesNoTraceOfThePersonInAnyTableButKeepsTheCounts() throws Exception {
        new ErasureJourney(new RelinkHttp(port), jdbc, smtpPort).run();
    }
}
