package dev.relink.detect;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import java.util.UUID;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

import dev.relink.support.BelvoStub;

/**
 * The signal table ({@code templates/signals.yaml}) is the one place that says which Belvo signal
 * means the user must act: an edit ops make to it while the hub runs changes what a webhook, an error
 * the app reports and the poll open, each the same way.
 */
class SignalTableTest extends BelvoStubbedTest {

    @Autowired
    SignalTable table;

    /** The classes after this one share the app: the shipped table is in force again. */
    @AfterEach
    void shippedTableAgain() throws IOException {
        Files.copy(Path.of("templates").resolve(SignalTable.FILE), TEMPLATES.resolve(SignalTable.FILE),
                StandardCopyOption.REPLACE_EXISTING);
        await().atMost(Duration.ofSeconds(60)).until(table::pollStatuses, List.of("invalid", "token_required")::equals);
    }

    @Test
    void anEditOfTheTableChangesWhatTheWebhookTheReportedErrorAndThePollOpen() throws Exception {
        assertThat(table.pollStatuses()).containsExactly("invalid", "token_required");
        Path file = TEMPLATES.resolve(SignalTable.FILE);
        String shipped = Files.readString(file);
        // token_required no longer needs the user, from any source; an unconfirmed link now does.
        String edited = shipped.replace("    token_required: token_required", "    token_required: ignore")
                .replace("  token_required: token_required", "  token_required: ignore")
                .replace("  unconfirmed: ignore", "  unconfirmed: unconfirmed");
        assertThat(edited).doesNotContain("token_required: token_required");
        Files.writeString(file, edited);
        await().atMost(Duration.ofSeconds(60)).until(table::pollStatuses, List.of("invalid", "unconfirmed")::equals);

        // A webhook: stored, answered, and ignored.
        String webhookLink = UUID.randomUUID().toString();
        String webhookId = UUID.randomUUID().toString();
        BELVO.linkIs(webhookLink, "token_required");
        assertThat(client.webhook(webhook(webhookId, "LINK", "token_required", webhookLink), BASIC_WEBHOOK_AUTHORIZATION)
                .statusCode()).isEqualTo(202);
        await().atMost(Duration.ofSeconds(30)).until(() -> inboxStatus(webhookId, "token_required"), "ignored:ignored"::equals);
        assertThat(incidentsOf(webhookLink)).isEmpty();

        // An error the app reports: 422, naming only the codes the table still acts on.
        String reportedLink = UUID.randomUUID().toString();
        HttpResponse<String> reported = client.postJson("/api/link-errors", API_KEY,
                "{\"link_id\":\"" + reportedLink + "\",\"status\":428,\"code\":\"token_required\"}");
        assertThat(reported.statusCode()).isEqualTo(422);
        assertThat(json(reported.body()).get("detail").asText()).contains("invalid_link, unconfirmed_link")
                .doesNotContain("token_required mean");
        assertThat(incidentsOf(reportedLink)).isEmpty();

        // The poll asks Belvo for the statuses the table acts on, and opens what it lists with the table's reason.
        String polledLink = UUID.randomUUID().toString();
        BELVO.server.stubFor(get(urlPathEqualTo(BELVO.path("/api/links/")))
                .withQueryParam("status__in", equalTo("invalid,unconfirmed"))
                .willReturn(aResponse().withStatus(200).withHeader("Content-Type", "application/json")
                        .withBody("{\"count\":1,\"next\":null,\"previous\":null,\"results\":["
                                + BelvoStub.link(polledLink, "unconfirmed") + "]}")));
        int oldFilterListings = oldFilterListings();
        firePoll();
        JsonNode incident = awaitIncident(polledLink, found -> true);
        assertThat(incident.get("reason").asText()).isEqualTo("unconfirmed");
        assertThat(oldFilterListings()).isEqualTo(oldFilterListings);
    }

    private static int oldFilterListings() {
        return BELVO.server.findAll(getRequestedFor(urlPathEqualTo(BELVO.path("/api/links/")))
                .withQueryParam("status__in", equalTo("invalid,token_required"))).size();
    }
}
