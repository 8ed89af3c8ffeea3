package dev.relink.repair;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.Map;

import org.springframework.beans.factory.annotation.Autowired;
import org.junit.jupiter.api.Test;

import dev.relink.incident.IncidentState;
import dev.relink.support.RelinkOnTestClock;

/**
 * A submitted repair is also confirmed by Belvo's word on the link in a webhook, not only by Relink's own
 * back-off re-reads. On RelinkOnTestClock the back-off's first re-read is ten minutes away, so that only the
 * webhook can resolve the incident within the test (on a slow machine the two used to race).
 */
class RepairConfirmedByWebhookTest extends RelinkOnTestClock {

    @Autowired
    RepairFixture fixture;

    @Test
    void aHistoricalUpdateWebhookAlsoConfirmsASubmittedRepair() throws Exception {
        RepairFixture.Broken broken = fixture.brokenLink("erebor_mx_retail", "invalid");
        fixture.post(broken.url() + "/events", "{\"type\":\"success\",\"link\":\"" + broken.linkId() + "\"}", "application/json");
        await().atMost(Duration.ofSeconds(10)).until(() -> fixture.timelineTypes(broken).contains("repair_pending"));

        // Belvo refreshes the repaired link and says so before Relink's next re-read.
        fixture.emulatorSays(broken.linkId(), "valid");
        fixture.post("/sandbox/admin/webhooks", Map.of("webhook_type", "TRANSACTIONS", "webhook_code",
                "historical_update", "link_id", broken.linkId(), "process_type", "historical_update"));

        await().atMost(Duration.ofSeconds(10)).until(() -> fixture.state(broken), IncidentState.RESOLVED::equals);
        assertThat(fixture.timeline(broken)).filteredOn(event -> IncidentState.RESOLVED.equals(event.type()))
                .singleElement().satisfies(resolved -> assertThat(resolved.detail())
                        .as("resolved by the webhook's re-check, not by the back-off").doesNotContain("user's repair"));
    }
}
