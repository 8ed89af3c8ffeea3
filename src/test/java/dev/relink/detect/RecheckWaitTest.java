package dev.relink.detect;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.UUID;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.context.ConfigurableApplicationContext;

import dev.relink.support.BelvoStub;
import dev.relink.support.RelinkIntegrationTest;
import dev.relink.support.RelinkOnPostgres;
import dev.relink.support.SharedPostgres;
import dev.relink.support.WebhookClient;

/**
 * relink.detect.recheck-max-wait bounds how long re-checks that keep trickling in wait to be read
 * together, however long relink.detect.recheck-window (the lull that ends a batch) is. Both are read once,
 * when the re-check route starts, and no cached context can have a two-minute lull, so the test starts an
 * app of its own (the local profile on a fresh PostgreSQL database), with Belvo on a {@link BelvoStub} of its
 * own, and closes it after.
 */
class RecheckWaitTest {

    static final BelvoStub BELVO = new BelvoStub();
    static ConfigurableApplicationContext app;
    static WebhookClient client;

    @BeforeAll
    static void aLongLullAndAShortLongestWait() {
        app = RelinkOnPostgres.start(SharedPostgres.freshDatabase(), "--relink.belvo.base-url=" + BELVO.baseUrl(),
                "--relink.detect.recheck-window=120000", "--relink.detect.recheck-max-wait=1000",
                // nothing but the test's webhooks opens incidents: no poll, no ladder's tick
                "--relink.poll.cron=0 0 0 1 1 ? 2099", "--relink.prompt.tick-interval=3600000");
        client = new WebhookClient(RelinkOnPostgres.port(app));
    }

    @AfterAll
    static void close() {
        if (app != null) {
            app.close();
        }
        BELVO.server.stop();
    }

    @Test
    void aBatchWhoseFirstReCheckHasWaitedLongEnoughGoesOnWhenTheNextJoinsWithoutWaitingForALull() {
        String first = UUID.randomUUID().toString();
        String second = UUID.randomUUID().toString();
        BELVO.linkIs(first, "invalid");
        BELVO.linkIs(second, "invalid");

        client.webhook(webhook(first), RelinkIntegrationTest.WEBHOOK_AUTHORIZATION);
        // the first re-check has waited longer than recheck-max-wait once its incident is a second old
        OffsetDateTime opened = OffsetDateTime.parse(await().atMost(Duration.ofSeconds(20))
                .until(() -> Incidents.of(client, first), incidents -> !incidents.isEmpty()).get(0)
                .get("opened_at").asText());
        await().atMost(Duration.ofSeconds(5)).until(() -> OffsetDateTime.now().isAfter(opened.plusSeconds(1)));
        client.webhook(webhook(second), RelinkIntegrationTest.WEBHOOK_AUTHORIZATION);

        // well before the two-minute lull: the second re-check completed the batch the first waited in
        await().atMost(Duration.ofSeconds(20)).until(() -> Incidents.handedOn(incident(first))
                && Incidents.handedOn(incident(second)));
        assertThat(BELVO.bulkReadsAsking(List.of(first, second))).as("both links in one Belvo read").isEqualTo(1);
    }

    private static String webhook(String link) {
        return WebhookIntakeTest.event(WebhookIntakeTest.uniqueId(), "LINK", "invalid_credentials", link);
    }

    private static JsonNode incident(String link) {
        return Incidents.awaitIncident(client, link, incident -> true);
    }
}
