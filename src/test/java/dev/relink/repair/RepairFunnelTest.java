package dev.relink.repair;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.UUID;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

import dev.relink.incident.IncidentState;
import dev.relink.support.RelinkIntegrationTest;

/** The repair funnel as ops read it: the JSON view and the Prometheus meters. */
class RepairFunnelTest extends RelinkIntegrationTest {


    @Autowired
    RepairFixture fixture;

    @Test
    void openedSubmittedAndResolvedAreCountedPerReasonAndInstitution() throws Exception {
        String since = OffsetDateTime.now(ZoneOffset.UTC).minusMinutes(1).toString();
        String bank = "funnel_bank_" + UUID.randomUUID().toString().substring(0, 8);
        String linkId = fixture.post("/sandbox/admin/links", Map.of("status", "invalid")).json().get("ids").get(0)
                .asText();
        RepairFixture.Broken repaired = fixture.incidentFor(linkId, "user-" + UUID.randomUUID(), bank,
                "invalid_credentials");
        RepairFixture.Broken onlyOpened = fixture.brokenLink("erebor_mx_retail", "invalid");
        RepairFixture.Broken untouched = fixture.incidentFor(UUID.randomUUID().toString(), null, bank,
                "invalid_credentials");

        assertThat(fixture.get(repaired.url()).status()).isEqualTo(200);
        fixture.emulatorSays(linkId, "valid");
        fixture.post(repaired.url() + "/events", "{\"type\":\"success\",\"link\":\"" + linkId + "\"}",
                "application/json");
        await().atMost(Duration.ofSeconds(20)).until(() -> fixture.state(repaired), IncidentState.RESOLVED::equals);
        assertThat(fixture.get(onlyOpened.url()).status()).isEqualTo(200);

        RepairFixture.Answer view = fixture.get("/api/incidents/funnel?since=" + since, "Authorization",
                "Bearer " + API_KEY);

        assertThat(view.status()).isEqualTo(200);
        JsonNode row = row(view.json(), "invalid_credentials", bank);
        assertThat(row.get("incidents").asLong()).isEqualTo(2);
        assertThat(row.get("opened").asLong()).isEqualTo(1);
        assertThat(row.get("submitted").asLong()).isEqualTo(1);
        assertThat(row.get("resolved").asLong()).isEqualTo(1);
        assertThat(row.get("resolved_after_repair").asLong()).isEqualTo(1);
        assertThat(row.get("median_seconds_to_repair").asLong()).isBetween(0L, 60L);
        assertThat(untouched.incident().state()).isNotEqualTo(IncidentState.RESOLVED);

        assertThat(meter("relink.repair.funnel", "stage:opened", "institution:" + bank)).isEqualTo(1.0);
        assertThat(meter("relink.repair.funnel", "stage:submitted", "institution:" + bank)).isEqualTo(1.0);
        assertThat(meter("relink.repair.funnel", "stage:resolved", "institution:" + bank,
                "reason:invalid_credentials")).isEqualTo(1.0);
        assertThat(meter("relink.repair.time-to-repair", "institution:" + bank)).isEqualTo(1.0);
    }

    /** The first measurement (a counter's count, a timer's COUNT) as /actuator/metrics shows it. */
    private double meter(String name, String... tags) throws Exception {
        StringBuilder query = new StringBuilder("/actuator/metrics/" + name + "?");
        for (String tag : tags) {
            query.append("tag=").append(tag).append('&');
        }
        RepairFixture.Answer answer = fixture.get(query.toString());
        assertThat(answer.status()).as(query.toString()).isEqualTo(200);
        return answer.json().get("measurements").get(0).get("value").asDouble();
    }

    @Test
    void theViewNeedsTheApiKeyAndAReadableSince() throws Exception {
        assertThat(fixture.get("/api/incidents/funnel").status()).isEqualTo(401);
        RepairFixture.Answer bad = fixture.get("/api/incidents/funnel?since=yesterday", "Authorization",
                "Bearer " + API_KEY);
        assertThat(bad.status()).isEqualTo(400);
        assertThat(bad.header("Content-Type")).isEqualTo("application/problem+json");
        assertThat(fixture.get("/api/incidents/funnel", "Authorization", "Bearer " + API_KEY).json().has("rows"))
                .isTrue();
    }

    private static JsonNode row(JsonNode funnel, String reason, String institution) {
        for (JsonNode row : funnel.get("rows")) {
            if (reason.equals(row.get("reason").asText()) && institution.equals(row.get("institution").asText())) {
                return row;
            }
        }
        throw new AssertionError("no funnel row for " + reason + "/" + institution + " in " + funnel);
    }
}
