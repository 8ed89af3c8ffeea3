package dev.relink.consent;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import com.icegreen.greenmail.util.GreenMail;

import org.apache.camel.ProducerTemplate;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;

import dev.relink.support.AppWebhookReceiver;
import dev.relink.support.RelinkHttp;
import dev.relink.support.RelinkIntegrationTest;
import dev.relink.support.Timers;

/**
 * The app's webhook hears about consent incidents as about any other: {@code incident.opened},
 * {@code incident.prompted}, {@code incident.resolved}, each naming the reason, signed as Standard
 * Webhooks do; and {@code incident.reason_changed} when a warning becomes an expiry.
 */
class ConsentAppEventsTest extends RelinkIntegrationTest {

    static final AppWebhookReceiver APP = AppWebhookReceiver.shared();

    @Value("${local.server.port}")
    int port;
    @Autowired
    GreenMail smtp;
    @Autowired
    ProducerTemplate camel;

    ConsentFixture ofda;

    @BeforeEach
    void clients() {
        ofda = new ConsentFixture(new RelinkHttp(port), smtp);
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
        assertThat(page.statusCode()).isEqualTo(200); // the page with its button: opening it starts nothing
        HttpResponse<Void> renew = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(repairUrl + "/start"))
                .header("Content-Type", "application/x-www-form-urlencoded").header("Sec-Fetch-Site", "same-origin")
                .POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.discarding());
        assertThat(renew.statusCode()).isEqualTo(303); // the button: on to My Belvo Portal
        ofda.post("/sandbox/admin/consents/" + link.consentId(),
                Map.of("expired_at", Instant.now().plus(Duration.ofDays(365)).toString()));
        Timers.consentWatch(camel);
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
        LoggedRequest delivered = APP.awaitEvent(type, link.linkId());
        APP.verify(delivered);
        return RelinkHttp.JSON.readTree(delivered.getBodyAsString());
    }
}
