package dev.relink.inapp;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.matchingJsonPath;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.stubbing.Scenario.STARTED;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import com.fasterxml.jackson.databind.JsonNode;
import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.client.MappingBuilder;
import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.stubbing.StubMapping;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import com.standardwebhooks.Webhook;
import com.standardwebhooks.exceptions.WebhookVerificationException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Value;

import dev.relink.support.AppWebhookReceiver;
import dev.relink.support.RelinkHttp;
import dev.relink.support.RelinkIntegrationTest;

/**
 * Incident events reach the app's webhook signed as Standard Webhooks do, checked here by the
 * reference implementation (com.standardwebhooks), not by our own code. The receiver is the JVM's one
 * ({@link AppWebhookReceiver#shared()}, answering 204): each test stubs the app's answers for the events of its
 * own user, and RelinkIntegrationTest retries the app's webhook three times 200 ms apart.
 */
class AppWebhookDeliveryTest extends RelinkIntegrationTest {

    static final AppWebhookReceiver RECEIVER = AppWebhookReceiver.shared();
    static final String SECRET = RECEIVER.secret();
    static final WireMockServer APP = RECEIVER.server();

    @Value("${local.server.port}")
    int port;

    RelinkHttp relink;
    String user;
    final List<StubMapping> stubs = new ArrayList<>();

    @BeforeEach
    void ownUser() {
        relink = new RelinkHttp(port);
        user = "events-user-" + UUID.randomUUID();
    }

    /** The app answers the events of other users as before. */
    @AfterEach
    void removeOwnStubs() {
        stubs.forEach(APP::removeStub);
        stubs.clear();
    }

    /** The app's answer to the events of this test's user, ahead of the receiver's 204 for all. */
    private StubMapping appAnswers(MappingBuilder events, ResponseDefinitionBuilder answer) {
        StubMapping stub = APP.stubFor(events.withRequestBody(matchingJsonPath("$.data.external_id", equalTo(user)))
                .atPriority(1).willReturn(answer));
        stubs.add(stub);
        return stub;
    }

    @Test
    void openedIncidentReachesTheAppSignedAndVerifiable() throws Exception {
        String linkId = relink.breakLink(user, "erebor_mx_retail", "invalid_credentials");

        LoggedRequest delivered = RECEIVER.awaitEvent("incident.opened", linkId);
        RECEIVER.verify(delivered);
        JsonNode event = RelinkHttp.JSON.readTree(delivered.getBodyAsString());
        assertThat(event.at("/data/link_id").asText()).isEqualTo(linkId);
        assertThat(event.at("/data/external_id").asText()).isEqualTo(user);
        assertThat(event.at("/data/reason").asText()).isEqualTo("invalid_credentials");
        assertThat(event.at("/data/incident_id").asText()).isNotBlank();
        assertThat(delivered.getHeader("webhook-id")).startsWith("evt_");

        // what a receiver must refuse: a changed body, or a delivery replayed long after it was signed
        assertThatThrownBy(() -> new Webhook(SECRET).verify(delivered.getBodyAsString().replace(linkId, "x"),
                AppWebhookReceiver.headers(delivered))).isInstanceOf(WebhookVerificationException.class);
        Map<String, List<String>> stale = AppWebhookReceiver.headers(delivered);
        stale.put("webhook-timestamp", List.of(String.valueOf(Instant.now().minus(Duration.ofHours(1)).getEpochSecond())));
        assertThatThrownBy(() -> new Webhook(SECRET).verify(delivered.getBodyAsString(), stale))
                .isInstanceOf(WebhookVerificationException.class);
    }

    @Test
    void twoFailuresThenSuccessDeliversOnceWithTheSameWebhookId() throws Exception {
        String flaky = "flaky-" + user;
        appAnswers(post(urlEqualTo(AppWebhookReceiver.PATH)).inScenario(flaky).whenScenarioStateIs(STARTED)
                .willSetStateTo("failed once"), aResponse().withStatus(500));
        appAnswers(post(urlEqualTo(AppWebhookReceiver.PATH)).inScenario(flaky).whenScenarioStateIs("failed once")
                .willSetStateTo("failed twice"), aResponse().withStatus(500));
        appAnswers(post(urlEqualTo(AppWebhookReceiver.PATH)).inScenario(flaky).whenScenarioStateIs("failed twice")
                .willSetStateTo("up"), aResponse().withStatus(200));
        appAnswers(post(urlEqualTo(AppWebhookReceiver.PATH)).inScenario(flaky).whenScenarioStateIs("up"),
                aResponse().withStatus(200));
        String linkId = relink.breakLink(user, "erebor_mx_retail", "invalid_credentials");

        await().atMost(Duration.ofSeconds(30)).until(() -> RECEIVER.attempts("incident.opened", linkId).size() >= 3);
        List<LoggedRequest> attempts = RECEIVER.attempts("incident.opened", linkId);
        assertThat(attempts).hasSize(3);
        assertThat(attempts.stream().map(r -> r.getHeader("webhook-id")).distinct()).hasSize(1);
        for (LoggedRequest attempt : attempts) {
            RECEIVER.verify(attempt);
        }
    }

    @Test
    void anAppThatKeepsFailingLeavesADeadLetterThatReplayDelivers() throws Exception {
        StubMapping down = appAnswers(post(urlEqualTo(AppWebhookReceiver.PATH)), aResponse().withStatus(503));
        String linkId = relink.breakLink(user, "erebor_mx_retail", "invalid_credentials");
        // while it is retried, the oldest waiting event's age shows (RelinkAppEventsDelayed reads it)
        await().atMost(Duration.ofSeconds(30)).until(() -> undeliveredAgeSeconds() > 0);

        JsonNode deadLetter = await().atMost(Duration.ofSeconds(30)).until(
                () -> deadLetterFor("inapp.deliver-event"), letter -> letter != null);
        int attemptsBeforeReplay = RECEIVER.attempts("incident.opened", linkId).size();
        assertThat(attemptsBeforeReplay).isEqualTo(4);
        String webhookId = RECEIVER.attempts("incident.opened", linkId).get(0).getHeader("webhook-id");

        APP.removeStub(down);
        stubs.remove(down);
        appAnswers(post(urlEqualTo(AppWebhookReceiver.PATH)), aResponse().withStatus(200));
        HttpResponse<String> replay = relink.send(relink.api("/api/dead-letters/" + deadLetter.get("id").asText()
                + "/replay").POST(java.net.http.HttpRequest.BodyPublishers.noBody()));

        assertThat(replay.statusCode()).isLessThan(300);
        await().atMost(Duration.ofSeconds(30)).until(() -> RECEIVER.attempts("incident.opened", linkId).size() > attemptsBeforeReplay);
        LoggedRequest replayed = RECEIVER.attempts("incident.opened", linkId).get(attemptsBeforeReplay);
        assertThat(replayed.getHeader("webhook-id")).isEqualTo(webhookId);
        RECEIVER.verify(replayed);
        await().atMost(Duration.ofSeconds(30)).until(() -> undeliveredAgeSeconds() == 0);
    }

    private double undeliveredAgeSeconds() throws Exception {
        return relink.send(relink.scrape("/actuator/prometheus").GET()).body().lines()
                .filter(line -> line.startsWith("relink_app_events_undelivered_age_seconds"))
                .mapToDouble(line -> Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1))).findFirst()
                .orElseThrow(() -> new AssertionError("no relink_app_events_undelivered_age_seconds in the scrape"));
    }

    private JsonNode deadLetterFor(String route) throws Exception {
        JsonNode page = RelinkHttp.JSON.readTree(relink.send(relink.api("/api/dead-letters?route=" + route).GET()).body());
        JsonNode items = page.has("items") ? page.get("items") : page;
        return items.isEmpty() ? null : items.get(0);
    }
}
