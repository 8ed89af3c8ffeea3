package dev.relink.consent;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import com.icegreen.greenmail.util.GreenMail;
import com.standardwebhooks.Webhook;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import dev.relink.support.RelinkHttp;
import dev.relink.support.RelinkIntegrationTest;

/**
 * The app's webhook hears about consent incidents as about any other: {@code incident.opened},
 * {@code incident.prompted}, {@code incident.resolved}, each naming the reason, signed as Standard
 * Webhooks do; and {@code incident.reason_changed} when a warning becomes an expiry.
 */
class ConsentAppEventsTest extends RelinkIntegrationTest {

    static final String SECRET = "whsec_" + Base64.getEncoder().encodeToString("consent-events-test-secret-32byt".getBytes());
    static final WireMockServer APP = new WireMockServer(options().dynamicPort());

    static {
        APP.start();
    }

    @DynamicPropertySource
    static void appWebhook(DynamicPropertyRegistry registry) {
        registry.add("relink.app-webhook.url", () -> APP.baseUrl() + "/relink-events");
        registry.add("relink.app-webhook.secret", () -> SECRET);
        registry.add("relink.app-webhook.dispatch-period", () -> "100");
        registry.add("relink.consent.watch-interval", () -> "1s");
    }

    @AfterAll
    static void stopApp() {
        APP.stop();
    }

    @Value("${local.server.port}")
    int port;
    @Autowired
    GreenMail smtp;

    ConsentFixture ofda;

    @BeforeEach
    void clients() {
        ofda = new ConsentFixture(new RelinkHttp(port), smtp);
        APP.stubFor(post(urlEqualTo("/relink-events")).willReturn(aResponse().withStatus(204)));
    }

    @Test
    void aWarnedUserWhoRenewsGivesTheAppOpenedPromptedAndResolvedWithTheConsentReason() throws Exception {
        ConsentFixture.OfdaLink link = ofda.ofdaUser(5);
        ofda.putIdentity(link.externalId(), ConsentFixture.CPF, "Maria da Silva");
        ofda.consentWebhook(link, "openfinance_consent_about_to_expire", null);
        String repairUrl = ofda.repairUrlMailedTo(link.email());
        JsonNode prompted = awaitEvent("incident.prompted", link);

        HttpResponse<Void> page = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(repairUrl)).GET()
                .build(), HttpResponse.BodyHandlers.discarding());
        assertThat(page.statusCode()).isEqualTo(303);
        ofda.post("/sandbox/admin/consents/" + link.consentId(),
                Map.of("expired_at", Instant.now().plus(Duration.ofDays(365)).toString()));
        JsonNode resolved = awaitEvent("incident.resolved", link);

        JsonNode opened = awaitEvent("incident.opened", link);
        for (JsonNode event : List.of(opened, prompted, resolved)) {
            assertThat(event.at("/data/reason").asText()).as(event.toString()).isEqualTo("consent_expiring");
            assertThat(event.at("/data/external_id").asText()).isEqualTo(link.externalId());
            assertThat(event.at("/data/institution").asText()).isEqualTo(ConsentFixture.OFDA_BANK);
        }
        assertThat(prompted.at("/data/state").asText()).isEqualTo("prompting");
        assertThat(resolved.at("/data/state").asText()).isEqualTo("resolved");
    }

    @Test
    void anExpiryOpensAConsentExpiredIncidentForTheApp() throws Exception {
        ConsentFixture.OfdaLink link = ofda.ofdaUser(92);
        ofda.consentWebhook(link, "consent_expired", null);

        assertThat(awaitEvent("incident.opened", link).at("/data/reason").asText()).isEqualTo("consent_expired");
        assertThat(awaitEvent("incident.prompted", link).at("/data/reason").asText()).isEqualTo("consent_expired");
    }

    @Test
    void aWarningThatBecomesAnExpiryTellsTheAppTheNewReason() throws Exception {
        ConsentFixture.OfdaLink link = ofda.ofdaUser(5);
        ofda.consentWebhook(link, "openfinance_consent_about_to_expire", null);
        awaitEvent("incident.prompted", link);

        ofda.consentWebhook(link, "openfinance_consent_expired", null);
        JsonNode changed = awaitEvent("incident.reason_changed", link);
        assertThat(changed.at("/data/reason").asText()).isEqualTo("consent_expired");
        assertThat(changed.at("/data/state").asText()).isEqualTo("prompting");
    }

    /** The event of that type about the link, once the app got it, after checking its signature. */
    private JsonNode awaitEvent(String type, ConsentFixture.OfdaLink link) throws Exception {
        LoggedRequest delivered = await().atMost(Duration.ofSeconds(60)).until(() -> APP.findAll(
                        postRequestedFor(urlEqualTo("/relink-events"))).stream()
                .filter(request -> request.getBodyAsString().contains("\"type\":\"" + type + "\""))
                .filter(request -> request.getBodyAsString().contains(link.linkId()))
                .findFirst().orElse(null), request -> request != null);
        new Webhook(SECRET).verify(delivered.getBodyAsString(), Map.of(
                "webhook-id", List.of(delivered.getHeader("webhook-id")),
                "webhook-timestamp", List.of(delivered.getHeader("webhook-timestamp")),
                "webhook-signature", List.of(delivered.getHeader("webhook-signature"))));
        return RelinkHttp.JSON.readTree(delivered.getBodyAsString());
    }
}
