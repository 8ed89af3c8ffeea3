package dev.relink.inapp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;

import dev.relink.sandbox.SandboxWidgetTokens;
import dev.relink.support.RelinkHttp;
import dev.relink.support.RelinkIntegrationTest;

/** The app's own Update button: widget tokens minted through Relink, and what needs the user. */
class WidgetTokenApiTest extends RelinkIntegrationTest {

    @Value("${local.server.port}")
    int port;

    @Autowired
    SandboxWidgetTokens emulatorTokens;

    RelinkHttp relink;

    @BeforeEach
    void relink() {
        relink = new RelinkHttp(port);
    }

    @Test
    void tokenIsMintedForThatLinkAndTheIncidentTimelineSaysSo() throws Exception {
        String linkId = relink.breakLink("inapp-user-1", "erebor_mx_retail", "invalid_credentials");
        String incidentId = awaitOpenIncident(linkId);

        HttpResponse<String> response = mintToken(linkId);

        assertThat(response.statusCode()).isEqualTo(200);
        JsonNode token = RelinkHttp.JSON.readTree(response.body());
        assertThat(emulatorTokens.linkIdFor(token.get("access").asText())).hasValue(linkId);
        assertThat(token.get("refresh").asText()).isNotBlank();
        assertThat(Instant.parse(token.get("expires_at").asText())).isAfter(Instant.now());
        JsonNode timeline = getJson("/api/incidents/" + incidentId).get("timeline");
        assertThat(timeline.findValuesAsText("type")).contains("opened_in_app");
    }

    @Test
    void aLinkBelvoDoesNotKnowIs404ProblemJson() throws Exception {
        HttpResponse<String> response = mintToken(UUID.randomUUID().toString());

        assertThat(response.statusCode()).isEqualTo(404);
        assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(
                type -> assertThat(type).startsWith("application/problem+json"));
        JsonNode problem = RelinkHttp.JSON.readTree(response.body());
        assertThat(problem.get("detail").asText()).contains("Belvo does not know link");
        assertThat(problem.get("belvo_request_id").asText()).matches("[0-9a-f]{32}");
    }

    @Test
    void aMalformedLinkIdIs400() throws Exception {
        for (String notALink : List.of("not-a-link", "------------------------------------",
                "16f68516bcbc4cf7b815c500d4204e28")) {
            HttpResponse<String> response = mintToken(notALink);

            assertThat(response.statusCode()).isEqualTo(400);
            assertThat(response.body()).contains("a UUID").contains("got '" + notALink + "'");
        }
    }

    @Test
    void missingOrWrongApiKeyIs401AndMintsNothing() throws Exception {
        String linkId = seedLink("invalid", "inapp-user-2");
        String path = "/api/links/" + linkId + "/widget-token";

        assertThat(relink.send(relink.plain(path).POST(HttpRequest.BodyPublishers.noBody())).statusCode()).isEqualTo(401);
        assertThat(relink.send(relink.plain(path).header("Authorization", "Bearer wrong")
                .POST(HttpRequest.BodyPublishers.noBody())).statusCode()).isEqualTo(401);
        assertThat(emulatorTokens.mintedFor(linkId)).isZero();
    }

    @Test
    void linksNeedingUpdateListsTheUsersOpenIncidentsWithAWorkingRepairUrl() throws Exception {
        String broken = relink.breakLink("inapp-user-3", "erebor_mx_retail", "token_required");
        seedLink("valid", "inapp-user-3");
        awaitOpenIncident(broken);

        // the institution is known once Relink has re-read the link from Belvo
        JsonNode answer = await().atMost(Duration.ofSeconds(30)).until(
                () -> getJson("/api/users/inapp-user-3/links-needing-update"),
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
        assertThat(relink.send(relink.plain(repairUrl.substring(relink.base().length())).GET()).statusCode())
                .isEqualTo(200);
    }

    @Test
    void aUserWithNothingBrokenGetsAnEmptyList() throws Exception {
        JsonNode answer = getJson("/api/users/nobody-here/links-needing-update");

        assertThat(answer.get("links")).isEmpty();
    }

    private String awaitOpenIncident(String linkId) {
        return await().atMost(Duration.ofSeconds(30)).until(() -> {
            JsonNode items = getJson("/api/incidents?link_id=" + linkId).get("items");
            return items.isEmpty() ? null : items.get(0).get("id").asText();
        }, id -> id != null);
    }

    private HttpResponse<String> mintToken(String linkId) throws Exception {
        return relink.send(relink.api("/api/links/" + linkId + "/widget-token").POST(HttpRequest.BodyPublishers.noBody()));
    }

    private String seedLink(String status, String externalId) throws Exception {
        return relink.admin("/sandbox/admin/links", Map.of("institution", "erebor_mx_retail", "status", status,
                "external_id", externalId)).path("ids").get(0).asText();
    }

    private JsonNode getJson(String path) throws Exception {
        return RelinkHttp.JSON.readTree(relink.send(relink.api(path).GET()).body());
    }
}
