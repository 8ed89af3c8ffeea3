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
import dev.relink.incident.IncidentQueries;
import dev.relink.support.RelinkHttp;
import dev.relink.support.RelinkIntegrationTest;

/** The repair funnel as ops read it: the JSON view and the Prometheus meters. */
class RepairFunnelTest extends RelinkIntegrationTest {


    @Autowired
    RepairFixture fixture;
    @Autowired
    IncidentQueries incidents;
    @Autowired
    RepairLinks repairLinks;

    @Test
    void aRepairFromPromptToResolutionIsCountedAtEachStage() throws Exception {
        String since = OffsetDateTime.now(ZoneOffset.UTC).toString();
        String externalId = "funnel-" + UUID.randomUUID();
        String linkId = fixture.emulatedLink("erebor_mx_retail", "valid", externalId);
        fixture.contact(externalId, Map.of("email", externalId + "@example.com"), API_KEY);
        double openedBefore = meter("relink.repair.funnel", "stage:opened", "reason:invalid_credentials");
        double startedBefore = meter("relink.repair.funnel", "stage:started", "reason:invalid_credentials");
        double repairsBefore = meter("relink.repair.time-to-repair", "reason:invalid_credentials");

        fixture.post("/sandbox/admin/webhooks", Map.of("webhook_type", "LINK", "webhook_code", "invalid_credentials",
                "link_id", linkId));
        await().atMost(Duration.ofSeconds(60)).ignoreExceptions().until(() -> row(since).get("prompted").asLong() == 1);
        RepairFixture.Broken broken = fixture.openedFor(linkId, externalId,
                repairLinks.urlFor(incidents.openForLink(linkId).orElseThrow().id(), "email"));
        assertThat(fixture.get(broken.url()).status()).isEqualTo(200);
        assertThat(fixture.start(broken.url()).status()).isEqualTo(200);
        fixture.emulatorSays(linkId, "valid");
        fixture.post(broken.url() + "/events", "{\"type\":\"success\",\"link\":\"" + linkId + "\"}",
                "application/json");
        await().atMost(Duration.ofSeconds(20)).until(() -> fixture.state(broken), IncidentState.RESOLVED::equals);

        JsonNode row = row(since);
        assertThat(row.get("incidents").asLong()).isEqualTo(1);
        assertThat(row.get("prompted").asLong()).isEqualTo(1);
        assertThat(row.get("opened").asLong()).isEqualTo(1);
        assertThat(row.get("started").asLong()).isEqualTo(1);
        assertThat(row.get("submitted").asLong()).isEqualTo(1);
        assertThat(row.get("resolved").asLong()).isEqualTo(1);
        assertThat(row.get("resolved_after_repair").asLong()).isEqualTo(1);
        assertThat(row.get("median_seconds_to_repair").asLong()).isBetween(0L, 60L);
        assertThat(meter("relink.repair.funnel", "stage:opened", "reason:invalid_credentials"))
                .isEqualTo(openedBefore + 1);
        assertThat(meter("relink.repair.funnel", "stage:started", "reason:invalid_credentials"))
                .isEqualTo(startedBefore + 1);
        assertThat(meter("relink.repair.time-to-repair", "reason:invalid_credentials")).isEqualTo(repairsBefore + 1);
    }

    @Test
    void incidentsThatNobodyOpensShowWhereTheFunnelStops() throws Exception {
        String since = OffsetDateTime.now(ZoneOffset.UTC).toString();
        String bank = "funnel_bank_" + UUID.randomUUID().toString().substring(0, 8);
        String linkId = fixture.emulatedLink("erebor_mx_retail", "invalid", "user-" + UUID.randomUUID());
        RepairFixture.Broken opened = fixture.incidentFor(linkId, null, bank, "invalid_credentials");
        fixture.incidentFor(UUID.randomUUID().toString(), null, bank, "invalid_credentials");

        assertThat(fixture.get(opened.url()).status()).isEqualTo(200);

        JsonNode row = row(since, "invalid_credentials", bank);
        assertThat(row.get("incidents").asLong()).isEqualTo(2);
        assertThat(row.get("prompted").asLong()).as("no contact, so nobody was prompted").isZero();
        assertThat(row.get("opened").asLong()).isEqualTo(1);
        assertThat(row.get("started").asLong()).as("a fetch is not a person's start").isZero();
        assertThat(row.get("submitted").asLong()).isZero();
        assertThat(row.get("resolved").asLong()).isZero();
        assertThat(row.has("median_seconds_to_repair")).isFalse();
        assertThat(meter("relink.repair.funnel", "stage:opened", "institution:" + bank)).isEqualTo(1.0);
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

    /** The test's own incident, the only one opened since {@code since} (tests run one after another). */
    private JsonNode row(String since) throws Exception {
        return row(since, "invalid_credentials", "erebor_mx_retail");
    }

    private JsonNode row(String since, String reason, String institution) throws Exception {
        RepairFixture.Answer view = funnel(since);
        for (JsonNode row : view.json().get("rows")) {
            if (reason.equals(row.get("reason").asText()) && institution.equals(row.get("institution").asText())) {
                return row;
            }
        }
        throw new AssertionError("no funnel row for " + reason + "/" + institution + " in " + view.body());
    }

    private RepairFixture.Answer funnel(String since) throws Exception {
        RepairFixture.Answer view = fixture.get("/api/incidents/funnel?since=" + since, "Authorization",
                "Bearer " + API_KEY);
        assertThat(view.status()).isEqualTo(200);
        return view;
    }

    /** The first measurement (a counter's count, a timer's COUNT) as /actuator/metrics shows it. */
    private double meter(String name, String... tags) throws Exception {
        StringBuilder query = new StringBuilder("/actuator/metrics/" + name + "?");
        for (String tag : tags) {
            query.append("tag=").append(tag).append('&');
        }
        RepairFixture.Answer answer = fixture.get(query.toString(), "Authorization", RelinkHttp.scrapeAuthorization());
        if (answer.status() == 404) {
            return 0; // not counted yet
        }
        assertThat(answer.status()).as(query.toString()).isEqualTo(200);
        return answer.json().get("measurements").get(0).get("value").asDouble();
    }
}
