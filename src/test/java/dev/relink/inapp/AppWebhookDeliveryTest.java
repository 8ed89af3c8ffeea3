package dev.relink.inapp;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.stubbing.Scenario.STARTED;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import com.standardwebhooks.Webhook;
import com.standardwebhooks.exceptions.WebhookVerificationException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import dev.relink.support.AppWebhookReceiver;
import dev.relink.support.RelinkHttp;
import dev.relink.support.RelinkIntegrationTest;

/**
 * Incident events reach the app's webhook signed as Standard Webhooks do, checked here by the
 * reference implementation (com.standardwebhooks), not by our own code.
 */
class AppWebhookDeliveryTest extends RelinkIntegrationTest {

    static final AppWebhookReceiver RECEIVER = new AppWebhookReceiver("app-webhook-test-secret-32-bytes");
    static final String SECRET = RECEIVER.secret();
    static final WireMockServer APP = RECEIVER.server();

    @DynamicPropertySource
    static void appWebhook(DynamicPropertyRegistry registry) {
        RECEIVER.register(registry);
        registry.add("relink.retry.app-webhook.maximum-redeliveries", () -> "3");
        registry.add("relink.retry.app-webhook.redelivery-delay-ms", () -> "200");
        registry.add("relink.retry.app-webhook.backoff-multiplier", () -> "1");
    }

    @AfterAll
    static void stopApp() {
        RECEIVER.stop();
    }

    @Value("${local.server.port}")
    int port;

    RelinkHttp relink;

    @BeforeEach
    void reset() {
        relink = new RelinkHttp(port);
        APP.resetAll();
    }

    @Test
    void openedIncidentReachesTheAppSignedAndVerifiable() throws Exception {
        APP.stubFor(post(urlEqualTo("/relink-events")).willReturn(aResponse().withStatus(204)));
        String linkId = relink.breakLink("events-user-1", "erebor_mx_retail", "invalid_credentials");

        LoggedRequest delivered = RECEIVER.awaitEvent("incident.opened", linkId);
        RECEIVER.verify(delivered);
        JsonNode event = RelinkHttp.JSON.readTree(delivered.getBodyAsString());
        assertThat(event.at("/data/link_id").asText()).isEqualTo(linkId);
        assertThat(event.at("/data/external_id").asText()).isEqualTo("events-user-1");
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
        APP.stubFor(post(urlEqualTo("/relink-events")).inScenario("flaky").whenScenarioStateIs(STARTED)
                .willReturn(aResponse().withStatus(500)).willSetStateTo("failed once"));
        APP.stubFor(post(urlEqualTo("/relink-events")).inScenario("flaky").whenScenarioStateIs("failed once")
                .willReturn(aResponse().withStatus(500)).willSetStateTo("failed twice"));
        APP.stubFor(post(urlEqualTo("/relink-events")).inScenario("flaky").whenScenarioStateIs("failed twice")
                .willReturn(aResponse().withStatus(200)).willSetStateTo("up"));
        APP.stubFor(post(urlEqualTo("/relink-events")).inScenario("flaky").whenScenarioStateIs("up")
                .willReturn(aResponse().withStatus(200)));
        String linkId = relink.breakLink("events-user-2", "erebor_mx_retail", "invalid_credentials");

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
        APP.stubFor(post(urlEqualTo("/relink-events")).willReturn(aResponse().withStatus(503)));
        String linkId = relink.breakLink("events-user-3", "erebor_mx_retail", "invalid_credentials");
        // while it is retried, the oldest waiting event's age shows (RelinkAppEventsDelayed reads it)
        await().atMost(Duration.ofSeconds(30)).until(() -> undeliveredAgeSeconds() > 0);

        JsonNode deadLetter = await().atMost(Duration.ofSeconds(30)).until(
                () -> deadLetterFor("inapp.deliver-event"), letter -> letter != null);
        int attemptsBeforeReplay = RECEIVER.attempts("incident.opened", linkId).size();
        assertThat(attemptsBeforeReplay).isEqualTo(4);
        String webhookId = RECEIVER.attempts("incident.opened", linkId).get(0).getHeader("webhook-id");

        APP.stubFor(post(urlEqualTo("/relink-events")).willReturn(aResponse().withStatus(200)));
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
