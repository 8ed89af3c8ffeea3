package dev.relink.detect;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.UUID;

import org.junit.jupiter.api.Test;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * relink.detect.recheck-max-wait bounds how long re-checks that keep trickling in wait to be read
 * together, however long relink.detect.recheck-window (the lull that ends a batch) is.
 */
class RecheckWaitTest extends BelvoStubbedTest {

    @DynamicPropertySource
    static void aLongLullAndAShortLongestWait(DynamicPropertyRegistry registry) {
        registry.add("relink.detect.recheck-window", () -> "120000");
        registry.add("relink.detect.recheck-max-wait", () -> "1000");
    }

    @Test
    void aBatchWhoseFirstReCheckHasWaitedLongEnoughGoesOnWhenTheNextJoinsWithoutWaitingForALull() {
        String first = UUID.randomUUID().toString();
        String second = UUID.randomUUID().toString();
        BELVO.linkIs(first, "invalid");
        BELVO.linkIs(second, "invalid");

        client.webhook(webhook(WebhookIntakeTest.uniqueId(), "LINK", "invalid_credentials", first),
                BASIC_WEBHOOK_AUTHORIZATION);
        // the first re-check has waited longer than recheck-max-wait once its incident is a second old
        OffsetDateTime opened = OffsetDateTime.parse(await().atMost(Duration.ofSeconds(20))
                .until(() -> incidentsOf(first), incidents -> !incidents.isEmpty()).get(0).get("opened_at").asText());
        await().atMost(Duration.ofSeconds(5)).until(() -> OffsetDateTime.now().isAfter(opened.plusSeconds(1)));
        client.webhook(webhook(WebhookIntakeTest.uniqueId(), "LINK", "invalid_credentials", second),
                BASIC_WEBHOOK_AUTHORIZATION);

        // well before the two-minute lull: the second re-check completed the batch the first waited in
        await().atMost(Duration.ofSeconds(20)).until(() -> handedOn(awaitIncident(first, incident -> true))
                && handedOn(awaitIncident(second, incident -> true)));
        assertThat(BELVO.bulkReadsAsking(List.of(first, second))).as("both links in one Belvo read").isEqualTo(1);
    }
}
