package dev.relink.inapp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;

import dev.relink.sandbox.SandboxWidgetTokens;
import dev.relink.support.RelinkIntegrationTest;

/** The app's own Update button: widget tokens minted through Relink, and what needs the user. */
class WidgetTokenApiTest extends RelinkIntegrationTest {

    static final String KEY = "Bearer " + API_KEY;

    @Value("${local.server.port}")
    int port;

    @Autowired
    SandboxWidgetTokens emulatorTokens;

    AppApi app;

    @BeforeEach
    void app() {
        app = new AppApi(port);
    }

    @Test
    void tokenIsMintedForThatLinkAndTheIncidentTimelineSaysSo() throws Exception {
        String linkId = app.seedLink("invalid", "inapp-user-1");
        app.belvoWebhook("invalid_credentials", linkId);
        String incidentId = awaitOpenIncident(linkId);

        HttpResponse<String> response = app.post("/api/links/" + linkId + "/widget-token", KEY, "");

        assertThat(response.statusCode()).isEqualTo(200);
        JsonNode token = AppApi.JSON.readTree(response.body());
        assertThat(emulatorTokens.linkIdFor(token.get("access").asText())).hasValue(linkId);
        assertThat(token.get("refresh").asText()).isNotBlank();
        assertThat(Instant.parse(token.get("expires_at").asText())).isAfter(Instant.now());
        JsonNode timeline = app.getJson("/api/incidents/" + incidentId).get("timeline");
        assertThat(timeline.findValuesAsText("type")).contains("opened_in_app");
    }

    @Test
    void aLinkBelvoDoesNotKnowIs404ProblemJson() throws Exception {
        HttpResponse<String> response = app.post("/api/links/" + UUID.randomUUID() + "/widget-token", KEY, "");

        assertThat(response.statusCode()).isEqualTo(404);
        assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(
                type -> assertThat(type).startsWith("application/problem+json"));
        JsonNode problem = AppApi.JSON.readTree(response.body());
        assertThat(problem.get("detail").asText()).contains("Belvo does not know link");
        assertThat(problem.get("belvo_request_id").asText()).matches("[0-9a-f]{32}");
    }

    @Test
    void aMalformedLinkIdIs400() throws Exception {
        HttpResponse<String> response = app.post("/api/links/not-a-link/widget-token", KEY, "");

        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(response.body()).contains("UUID");
    }

    @Test
    void missingOrWrongApiKeyIs401AndMintsNothing() throws Exception {
        String linkId = app.seedLink("invalid", "inapp-user-2");

        assertThat(app.post("/api/links/" + linkId + "/widget-token", null, "").statusCode()).isEqualTo(401);
        assertThat(app.post("/api/links/" + linkId + "/widget-token", "Bearer wrong", "").statusCode()).isEqualTo(401);
        assertThat(emulatorTokens.mintedFor(linkId)).isZero();
    }

    @Test
    void linksNeedingUpdateListsTheUsersOpenIncidentsWithAWorkingRepairUrl() throws Exception {
        String broken = app.seedLink("token_required", "inapp-user-3");
        app.seedLink("valid", "inapp-user-3");
        app.belvoWebhook("token_required", broken);
        awaitOpenIncident(broken);

        // the institution is known once Relink has re-read the link from Belvo
        JsonNode answer = await().atMost(Duration.ofSeconds(30)).until(
                () -> app.getJson("/api/users/inapp-user-3/links-needing-update"),
                body -> body.at("/links/0/institution").isTextual());

        assertThat(answer.get("external_id").asText()).isEqualTo("inapp-user-3");
        assertThat(answer.get("links")).hasSize(1);
        JsonNode link = answer.get("links").get(0);
        assertThat(link.get("link_id").asText()).isEqualTo(broken);
        assertThat(link.get("reason").asText()).isEqualTo("token_required");
        assertThat(link.get("institution").asText()).isEqualTo("erebor_mx_retail");
        assertThat(link.get("since").asText()).isNotBlank();
        String repairUrl = link.get("repair_url").asText();
        assertThat(repairUrl).startsWith("http://localhost:" + port + "/repair/").doesNotContain(broken);
        assertThat(app.get(repairUrl.substring(("http://localhost:" + port).length()), null).statusCode())
                .isEqualTo(200);
    }

    @Test
    void aUserWithNothingBrokenGetsAnEmptyList() throws Exception {
        JsonNode answer = app.getJson("/api/users/nobody-here/links-needing-update");

        assertThat(answer.get("links")).isEmpty();
    }

    private String awaitOpenIncident(String linkId) {
        return await().atMost(Duration.ofSeconds(30)).until(() -> {
            JsonNode items = app.getJson("/api/incidents?link_id=" + linkId).get("items");
            return items.isEmpty() ? null : items.get(0).get("id").asText();
        }, id -> id != null);
    }
}
