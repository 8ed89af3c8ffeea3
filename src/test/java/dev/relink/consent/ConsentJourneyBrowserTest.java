package dev.relink.consent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.icegreen.greenmail.util.GreenMail;

import org.apache.camel.ProducerTemplate;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;

import dev.relink.support.BrowserTest;
import dev.relink.support.Timers;
import dev.relink.support.Chromium;
import dev.relink.support.RelinkHttp;

/**
 * The whole consent journey in a real headless Chromium ({@link Chromium}): the emulator sends Belvo's
 * warning that an OFDA consent is about to expire, the user gets the prompt by email (GreenMail),
 * opens its link, lands on the stand-in My Belvo Portal in renew mode, renews, and the incident
 * resolves. A portal session that ran out is started afresh from the same link, as the widget's is.
 */
class ConsentJourneyBrowserTest extends BrowserTest {

    /** The consent watch's round (fired by the test, not waited for) and the recheck it runs. */
    private static final Duration RESOLVES_WITHIN = Duration.ofSeconds(10);

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
    void aUserWarnedByEmailRenewsInThePortalAndTheIncidentResolves() throws Exception {
        ConsentFixture.OfdaLink link = warnedUser();
        Instant dueBefore = Instant.parse(ofda.belvoConsent(link.consentId()).get("expired_at").asText());
        String repairUrl = ofda.repairUrlMailedTo(link.email());

        browser.get(repairUrl);
        assertThat(chromium.waitFor(By.id("start-button")).getText()).isEqualTo("Renovar meu consentimento");
        browser.findElement(By.id("start-button")).click();
        chromium.waitFor(By.id("portal-renew"));
        URI portal = URI.create(browser.getCurrentUrl());
        assertThat(portal.getPath()).isEqualTo("/sandbox/portal/");
        assertThat(ConsentFixture.query(portal)).containsEntry("action", "renew")
                .containsEntry("link_id", link.linkId()).containsEntry("consent_id", link.consentId())
                .containsEntry("institution", ConsentFixture.OFDA_BANK).containsKey("access_token");
        assertThat(browser.findElement(By.cssSelector(".bank h1")).getText()).isEqualTo("OF Mockbank");
        assertThat(browser.getPageSource()).doesNotContain(ConsentFixture.CPF);
        chromium.screenshot("consent-portal");

        browser.findElement(By.id("portal-renew")).click();
        chromium.waitFor(By.id("portal-renewed"));
        assertThat(browser.findElement(By.id("portal-renewed")).getText()).isEqualTo("Consentimento renovado");
        assertThat(Instant.parse(ofda.belvoConsent(link.consentId()).get("expired_at").asText()))
                .as("Belvo's consent now runs past the date it was due").isAfter(dueBefore);

        Timers.consentWatch(camel);
        JsonNode resolved = awaitState(link, "resolved");
        assertThat(resolved.get("reason").asText()).isEqualTo("consent_expiring");
        assertThat(ofda.get("/api/incidents/" + resolved.get("id").asText()).get("timeline").toString())
                .contains("page_opened", "repair_started", "Belvo shows the consent renewed");

        browser.get(repairUrl);
        assertThat(chromium.waitFor(By.id("title")).getText()).isEqualTo("Sua conexão bancária já foi corrigida");
    }

    @Test
    void aPortalSessionThatRanOutIsStartedAfreshFromTheSameLink() throws Exception {
        ConsentFixture.OfdaLink link = warnedUser();
        String repairUrl = ofda.repairUrlMailedTo(link.email());
        browser.get(repairUrl);
        chromium.waitFor(By.id("start-button")).click();
        chromium.waitFor(By.id("portal-renew"));
        String firstToken = ConsentFixture.query(URI.create(browser.getCurrentUrl())).get("access_token");

        ofda.post("/sandbox/admin/portal/tokens/expire", Map.of());
        browser.findElement(By.id("portal-renew")).click();
        assertThat(chromium.waitFor(By.id("portal-problem")).getText()).contains("Sessão expirada", "abra de novo o link que você recebeu");
        assertThat(ofda.belvoConsent(link.consentId()).get("status").asText())
                .as("nothing was renewed with the spent token").isEqualTo("AUTHORISED");
        assertThat(awaitState(link, "prompting")).isNotNull();

        browser.get(repairUrl);
        chromium.waitFor(By.id("start-button")).click();
        chromium.waitFor(By.id("portal-renew"));
        assertThat(ConsentFixture.query(URI.create(browser.getCurrentUrl())).get("access_token"))
                .as("the link minted a new portal token").isNotEqualTo(firstToken);
        browser.findElement(By.id("portal-renew")).click();
        chromium.waitFor(By.id("portal-renewed"));

        Timers.consentWatch(camel);
        JsonNode resolved = awaitState(link, "resolved");
        assertThat(ofda.get("/api/incidents/" + resolved.get("id").asText()).get("timeline").findValuesAsText("type"))
                .filteredOn("repair_started"::equals).hasSize(2);
    }

    /** A pt-BR user with a CPF on record whose OFDA consent expires in five days, and Belvo's warning about it. */
    private ConsentFixture.OfdaLink warnedUser() throws Exception {
        ConsentFixture.OfdaLink link = ofda.ofdaUser(5);
        ofda.putIdentity(link.externalId(), ConsentFixture.CPF, "Maria da Silva");
        ofda.consentWebhook(link, "openfinance_consent_about_to_expire", null);
        return link;
    }

    private JsonNode awaitState(ConsentFixture.OfdaLink link, String state) {
        return await().atMost(RESOLVES_WITHIN).until(() -> ofda.incident(link.linkId()),
                incident -> incident != null && state.equals(incident.get("state").asText()));
    }
}
