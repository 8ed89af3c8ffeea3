package dev.relink.consent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.icegreen.greenmail.util.GreenMail;

import org.apache.camel.ProducerTemplate;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;

import dev.relink.support.RelinkHttp;
import dev.relink.support.RelinkIntegrationTest;
import dev.relink.support.Timers;

/**
 * The repair link of a consent incident: its button mints a My Belvo Portal token and redirects to the
 * portal in renew mode; renewing there resolves the incident once Relink reads the consent back.
 */
class RenewalPageTest extends RelinkIntegrationTest {

    @Value("${local.server.port}")
    int port;
    @Autowired
    ProducerTemplate camel;
    @Autowired
    GreenMail smtp;

    RelinkHttp relink;
    ConsentFixture ofda;
    final HttpClient browser = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build();

    @BeforeEach
    void clients() {
        relink = new RelinkHttp(port);
        ofda = new ConsentFixture(relink, smtp);
    }

    @Test
    void theEmailedLinkSendsTheUserToThePortalToRenewAndTheIncidentResolves() throws Exception {
        ConsentFixture.OfdaLink link = ofda.ofdaUser(5);
        ofda.putIdentity(link.externalId(), ConsentFixture.CPF, "Maria da Silva");
        int mintedBefore = ofda.get("/sandbox/admin/portal/tokens").path("minted").asInt();
        ofda.consentWebhook(link, "openfinance_consent_about_to_expire", null);
        String repairUrl = ofda.repairUrlMailedTo(link.email());

        HttpResponse<String> view = browser.send(HttpRequest.newBuilder(URI.create(repairUrl)).GET().build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(view.statusCode()).isEqualTo(200);
        assertThat(view.body()).contains("Renovar meu consentimento").contains("action=\"" + URI.create(repairUrl).getPath()
                + "/start\"");
        assertThat(ofda.get("/sandbox/admin/portal/tokens").path("minted").asInt())
                .as("viewing the page mints no portal token").isEqualTo(mintedBefore);

        HttpResponse<String> page = pressStart(repairUrl);
        assertThat(page.statusCode()).isEqualTo(303);
        URI portal = URI.create(page.headers().firstValue("Location").orElseThrow());
        assertThat(portal.getPath()).isEqualTo("/sandbox/portal/");
        Map<String, String> query = ConsentFixture.query(portal);
        assertThat(query).containsEntry("action", "renew").containsEntry("link_id", link.linkId())
                .containsEntry("consent_id", link.consentId()).containsEntry("institution", "ofmockbank_br_retail")
                .containsEntry("institution_display_name", "OF Mockbank").containsKey("access_token");
        assertThat(portal.getRawQuery()).contains("institution_display_name=OF%20Mockbank");
        assertThat(query.get("institution_icon_logo")).endsWith("/sandbox/portal/ofmockbank.svg");
        assertThat(ofda.get("/sandbox/admin/portal/tokens").path("minted").asInt()).isEqualTo(mintedBefore + 1);
        assertThat(page.body()).doesNotContain(ConsentFixture.CPF);

        HttpResponse<String> portalPage = browser.send(HttpRequest.newBuilder(portal).GET().build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(portalPage.body()).contains("Renovar consentimento");
        HttpResponse<String> renewed = browser.send(HttpRequest.newBuilder(URI.create(relink.base() + "/sandbox/portal/renew"))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString("access_token=" + query.get("access_token")
                        + "&consent_id=" + link.consentId())).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(renewed.body()).contains("Consentimento renovado");
        Timers.consentWatch(camel);

        JsonNode resolved = await().atMost(Duration.ofSeconds(10)).until(() -> ofda.incident(link.linkId()),
                incident -> "resolved".equals(incident.get("state").asText()));
        JsonNode timeline = ofda.get("/api/incidents/" + resolved.get("id").asText()).get("timeline");
        assertThat(timeline.toString()).contains("Belvo shows the consent renewed");
    }

    @Test
    void withoutACpfOnRecordTheLinkOpensThePublicPortal() throws Exception {
        ConsentFixture.OfdaLink link = ofda.ofdaUser(92);
        ofda.consentWebhook(link, "consent_expired", null);
        String repairUrl = ofda.repairUrlMailedTo(link.email());

        HttpResponse<String> page = pressStart(repairUrl);
        assertThat(page.statusCode()).isEqualTo(303);
        URI portal = URI.create(page.headers().firstValue("Location").orElseThrow());
        assertThat(ConsentFixture.query(portal)).containsEntry("mode", "landing").doesNotContainKey("access_token");
    }

    /** The renewal page's button, as a browser posts it. */
    private HttpResponse<String> pressStart(String repairUrl) throws Exception {
        return browser.send(HttpRequest.newBuilder(URI.create(repairUrl + "/start"))
                .header("Content-Type", "application/x-www-form-urlencoded").header("Sec-Fetch-Site", "same-origin")
                .POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
    }
}
