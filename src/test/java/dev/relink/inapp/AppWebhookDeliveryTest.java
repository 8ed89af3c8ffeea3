package dev.relink.inapp;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static com.github.tomakehurst.wiremock.stubbing.Scenario.STARTED;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

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

import dev.relink.support.RelinkHttp;
import dev.relink.support.RelinkIntegrationTest;

/**
 * Incident events reach the app's webhook signed as Standard Webhooks do, checked here by the
 * reference implementation (com.standardwebhooks), not by our own code.
 */
class AppWebhookDeliveryTest extends RelinkIntegrationTest {

    static final String SECRET = "whsec_" + Base64.getEncoder().encodeToString("app-webhook-test-secret-32-bytes".getBytes());
    static final WireMockServer APP = new WireMockServer(options().dynamicPort());

    static {
        APP.start();
    }

    @DynamicPropertySource
    static void appWebhook(DynamicPropertyRegistry registry) {
        registry.add("relink.app-webhook.url", () -> APP.baseUrl() + "/relink-events");
        registry.add("relink.app-webhook.secret", () -> SECRET);
        registry.add("relink.app-webhook.dispatch-period", () -> "100");
        registry.add("relink.retry.app-webhook.maximum-redeliveries", () -> "3");
        registry.add("relink.retry.app-webhook.redelivery-delay-ms", () -> "200");
        registry.add("relink.retry.app-webhook.backoff-multiplier", () -> "1");
    }

    @AfterAll
    static void stopApp() {
        APP.stop();
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

        LoggedRequest delivered = awaitEvent("incident.opened", linkId);
        new Webhook(SECRET).verify(delivered.getBodyAsString(), headers(delivered));
        JsonNode event = RelinkHttp.JSON.readTree(delivered.getBodyAsString());
        assertThat(event.at("/data/link_id").asText()).isEqualTo(linkId);
        assertThat(event.at("/data/external_id").asText()).isEqualTo("events-user-1");
        assertThat(event.at("/data/reason").asText()).isEqualTo("invalid_credentials");
        assertThat(event.at("/data/incident_id").asText()).isNotBlank();
        assertThat(delivered.getHeader("webhook-id")).startsWith("evt_");

        // what a receiver must refuse: a changed body, or a delivery replayed long after it was signed
        assertThatThrownBy(() -> new Webhook(SECRET).verify(delivered.getBodyAsString().replace(linkId, "x"),
                headers(delivered))).isInstanceOf(WebhookVerificationException.class);
        Map<String, List<String>> stale = headers(delivered);
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

        await().atMost(Duration.ofSeconds(30)).until(() -> attemptsFor("incident.opened", linkId).size() >= 3);
        List<LoggedRequest> attempts = attemptsFor("incident.opened", linkId);
        assertThat(attempts).hasSize(3);
        assertThat(attempts.stream().map(r -> r.getHeader("webhook-id")).distinct()).hasSize(1);
        for (LoggedRequest attempt : attempts) {
            new Webhook(SECRET).verify(attempt.getBodyAsString(), headers(attempt));
        }
    }

    @Test
    void anAppThatKeepsFailingLeavesADeadLetterThatReplayDelivers() throws Exception {
        APP.stubFor(post(urlEqualTo("/relink-events")).willReturn(aResponse().withStatus(503)));
        String linkId = relink.breakLink("events-user-3", "erebor_mx_retail", "invalid_credentials");

        JsonNode deadLetter = await().atMost(Duration.ofSeconds(30)).until(
                () -> deadLetterFor("inapp.deliver-event"), letter -> letter != null);
        int attemptsBeforeReplay = attemptsFor("incident.opened", linkId).size();
        assertThat(attemptsBeforeReplay).isEqualTo(4);
        String webhookId = attemptsFor("incident.opened", linkId).get(0).getHeader("webhook-id");

        APP.stubFor(post(urlEqualTo("/relink-events")).willReturn(aResponse().withStatus(200)));
        HttpResponse<String> replay = relink.send(relink.api("/api/dead-letters/" + deadLetter.get("id").asText()
                + "/replay").POST(java.net.http.HttpRequest.BodyPublishers.noBody()));

        assertThat(replay.statusCode()).isLessThan(300);
        await().atMost(Duration.ofSeconds(30)).until(() -> attemptsFor("incident.opened", linkId).size() > attemptsBeforeReplay);
        LoggedRequest replayed = attemptsFor("incident.opened", linkId).get(attemptsBeforeReplay);
        assertThat(replayed.getHeader("webhook-id")).isEqualTo(webhookId);
        new Webhook(SECRET).verify(replayed.getBodyAsString(), headers(replayed));
    }

    private JsonNode deadLetterFor(String route) throws Exception {
        JsonNode page = RelinkHttp.JSON.readTree(relink.send(relink.api("/api/dead-letters?route=" + route).GET()).body());
        JsonNode items = page.has("items") ? page.get("items") : page;
        return items.isEmpty() ? null : items.get(0);
    }

    private LoggedRequest awaitEvent(String type, String linkId) {
        return await().atMost(Duration.ofSeconds(30)).until(() -> attemptsFor(type, linkId).stream()
                .findFirst().orElse(null), request -> request != null);
    }

    private List<LoggedRequest> attemptsFor(String type, String linkId) {
        return APP.findAll(postRequestedFor(urlEqualTo("/relink-events"))).stream()
                .filter(r -> r.getBodyAsString().contains("\"type\":\"" + type + "\""))
                .filter(r -> r.getBodyAsString().contains(linkId))
                .sorted(java.util.Comparator.comparing(LoggedRequest::getLoggedDate))
                .collect(Collectors.toList());
    }

    private static Map<String, List<String>> headers(LoggedRequest request) {
        return new java.util.HashMap<>(Map.of(
                "webhook-id", List.of(request.getHeader("webhook-id")),
                "webhook-timestamp", List.of(request.getHeader("webhook-timestamp")),
                "webhook-signature", List.of(request.getHeader("webhook-signature"))));
    }
}
