package dev.relink.consent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.icegreen.greenmail.util.GreenMail;
import jakarta.mail.internet.MimeMessage;

import org.apache.camel.ProducerTemplate;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.jdbc.core.JdbcTemplate;

import dev.relink.support.RelinkHttp;
import dev.relink.support.RelinkIntegrationTest;
import dev.relink.support.Timers;

/**
 * Belvo's CONSENT webhooks for Brazil Open Finance links open incidents with reason consent_expiring or
 * consent_expired, re-checked by reading the consent (never a data call), and prompt the user in pt-BR.
 */
class ConsentIncidentTest extends RelinkIntegrationTest {

    @Value("${local.server.port}")
    int port;
    @Autowired
    GreenMail smtp;
    @Autowired
    JdbcTemplate jdbc;
    @Autowired
    ProducerTemplate producer;

    RelinkHttp relink;
    ConsentFixture ofda;

    @BeforeEach
    void clients() {
        relink = new RelinkHttp(port);
        ofda = new ConsentFixture(relink, smtp);
    }

    @Test
    void aConsentAboutToExpirePromptsTheUserInPortugueseBeforeItsDueDate() throws Exception {
        ConsentFixture.OfdaLink link = ofda.ofdaUser(5);
        ofda.consentWebhook(link, "openfinance_consent_about_to_expire", null);

        JsonNode incident = awaitIncident(link, "prompting");
        assertThat(incident.get("reason").asText()).isEqualTo("consent_expiring");
        JsonNode consent = ofda.get("/api/incidents/" + incident.get("id").asText() + "/consent");
        assertThat(consent.get("consent_id").asText()).isEqualTo(link.consentId());
        assertThat(Instant.parse(consent.get("due_at").asText())).isAfter(Instant.now().plus(Duration.ofDays(4)));
        assertThat(consent.get("institution").asText()).isEqualTo("ofmockbank_br_retail");
        assertThat(consent.get("institution_display_name").asText()).isEqualTo("OF Mockbank");
        assertThat(consent.get("institution_icon_logo").asText()).endsWith("/sandbox/portal/ofmockbank.svg");

        MimeMessage mail = awaitMail(link.email());
        assertThat(mail.getSubject()).isEqualTo("Relink: renove seu consentimento com OF Mockbank");
    }

    @ParameterizedTest
    @ValueSource(strings = {"openfinance_consent_expired", "consent_expired"})
    void bothSpellingsOfTheExpiryOpenAConsentExpiredIncident(String code) throws Exception {
        ConsentFixture.OfdaLink link = ofda.ofdaUser(92);
        ofda.consentWebhook(link, code, null);

        JsonNode incident = awaitIncident(link, "prompting");
        assertThat(incident.get("reason").asText()).isEqualTo("consent_expired");
        assertThat(awaitMail(link.email()).getSubject()).isEqualTo("Relink: seu consentimento com OF Mockbank venceu");
    }

    @Test
    void anExpiryJoiningAnOpenWarningMakesItConsentExpired() throws Exception {
        ConsentFixture.OfdaLink link = ofda.ofdaUser(5);
        ofda.consentWebhook(link, "openfinance_consent_about_to_expire", null);
        String id = awaitIncident(link, "prompting").get("id").asText();

        ofda.consentWebhook(link, "openfinance_consent_expired", null);
        await().atMost(Duration.ofSeconds(20)).until(() -> "consent_expired".equals(
                ofda.get("/api/incidents/" + id).path("reason").asText()));
        assertThat(ofda.get("/api/incidents/" + id + "/consent").get("due_at")).isNotNull();
    }

    @Test
    void aWarningForAConsentBelvoAlreadyShowsRenewedResolvesWithoutAPrompt() throws Exception {
        ConsentFixture.OfdaLink link = ofda.ofdaUser(92);
        ofda.consentWebhook(link, "openfinance_consent_about_to_expire", Map.of("consent_id", link.consentId(),
                "consent_due_date", Instant.now().plus(Duration.ofDays(3)).toString(), "action", "renew",
                "institution", "ofmockbank_br_retail"));

        JsonNode incident = awaitIncident(link, "resolved");
        assertThat(incident.get("reason").asText()).isEqualTo("consent_expiring");
        assertThat(smtp.getReceivedMessagesForDomain(link.email())).isEmpty();
    }

    @Test
    void aWarningWhoseDueDateHasPassedIsAnExpiry() throws Exception {
        ConsentFixture.OfdaLink link = ofda.ofdaUser(5);
        ofda.post("/sandbox/admin/consents/" + link.consentId(), Map.of("status", "EXPIRED"));
        ofda.consentWebhook(link, "openfinance_consent_about_to_expire", Map.of("consent_id", link.consentId(),
                "consent_due_date", "2024-12-26T10:45:58.000Z"));

        assertThat(awaitIncident(link, "prompting").get("reason").asText()).isEqualTo("consent_expired");
    }

    @Test
    void freshDataForTheLinkDoesNotResolveItsConsentIncident() throws Exception {
        ConsentFixture.OfdaLink link = ofda.ofdaUser(5);
        ofda.consentWebhook(link, "openfinance_consent_about_to_expire", null);
        String id = awaitIncident(link, "prompting").get("id").asText();

        ofda.post("/sandbox/admin/webhooks", Map.of("webhook_type", "TRANSACTIONS", "webhook_code", "historical_update",
                "link_id", link.linkId()));
        await().atMost(Duration.ofSeconds(20)).until(() -> ofda.get("/api/webhooks?link_id=" + link.linkId())
                .path("items").toString().contains("\"outcome\":\"recheck_queued\""));
        // queued re-checks are read within relink.detect.recheck-window (200 ms in the tests): the incident stays open well past it
        await().during(Duration.ofSeconds(4)).atMost(Duration.ofSeconds(6)).until(
                () -> ofda.get("/api/incidents/" + id).get("state").asText(), "prompting"::equals);
    }

    @Test
    void aLaterStepForAWarningWhoseConsentLapsedIsSentAsAnExpiry() throws Exception {
        ConsentFixture.OfdaLink link = ofda.ofdaUser(5);
        ofda.consentWebhook(link, "openfinance_consent_about_to_expire", null);
        String id = awaitIncident(link, "prompting").get("id").asText();
        awaitMail(link.email());

        ofda.post("/sandbox/admin/consents/" + link.consentId(), Map.of("status", "EXPIRED"));
        jdbc.update("update incident set next_prompt_at = ? where id = ?",
                OffsetDateTime.now().minusSeconds(1), id);
        await().atMost(Duration.ofSeconds(30)).until(() -> {
            Timers.ladderTick(producer);
            return "consent_expired".equals(ofda.get("/api/incidents/" + id).path("reason").asText());
        });
        assertThat(ofda.get("/api/incidents/" + id).get("timeline").toString()).contains("reason_changed");
    }

    @Test
    void anExpirationChangedWebhookResolvesTheIncidentOfAConsentRenewedElsewhere() throws Exception {
        ConsentFixture.OfdaLink link = ofda.ofdaUser(5);
        ofda.consentWebhook(link, "openfinance_consent_about_to_expire", null);
        String id = awaitIncident(link, "prompting").get("id").asText();

        // renewed without Relink's page (in the bank's app, say): only the webhook tells Relink to look again
        ofda.post("/sandbox/admin/consents/" + link.consentId(), Map.of("expired_at",
                Instant.now().plus(Duration.ofDays(365)).toString()));
        ofda.consentWebhook(link, "openfinance_consent_expiration_changed", null);

        await().atMost(Duration.ofSeconds(20)).until(() -> ofda.get("/api/incidents/" + id).get("state").asText(),
                "resolved"::equals);
    }

    @Test
    void otherConsentCodesAreStoredAndIgnored() throws Exception {
        ConsentFixture.OfdaLink link = ofda.ofdaUser(5);
        ofda.consentWebhook(link, "openfinance_consent_with_unrecoverable_resources", null);
        await().atMost(Duration.ofSeconds(20)).until(() -> ofda.get("/api/webhooks?link_id=" + link.linkId())
                .path("items").toString().contains("\"status\":\"ignored\""));
        assertThat(ofda.incident(link.linkId())).isNull();
    }

    @Test
    void aConsentWebhookWithoutAConsentIdIsADeadLetterNotAGuess() throws Exception {
        ConsentFixture.OfdaLink link = ofda.ofdaUser(5);
        ofda.consentWebhook(link, "consent_expired", Map.of("action", "renew"));
        JsonNode letter = await().atMost(Duration.ofSeconds(30)).until(
                () -> ofda.get("/api/dead-letters?route=consent.webhook&size=200").path("items"),
                items -> items.toString().contains("consent_id"));
        assertThat(letter.toString()).contains("no data.consent_id");
        assertThat(ofda.incident(link.linkId())).isNull();
    }

    private JsonNode awaitIncident(ConsentFixture.OfdaLink link, String state) {
        return await().atMost(Duration.ofSeconds(30)).until(() -> ofda.incident(link.linkId()),
                incident -> incident != null && state.equals(incident.get("state").asText()));
    }

    private MimeMessage awaitMail(String to) {
        await().atMost(Duration.ofSeconds(30)).until(() -> smtp.getReceivedMessagesForDomain(to).length >= 1);
        return smtp.getReceivedMessagesForDomain(to)[0];
    }
}
