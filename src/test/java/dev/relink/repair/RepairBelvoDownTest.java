package dev.relink.repair;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.UUID;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

import dev.relink.belvo.WireMockBelvoTest;
import dev.relink.incident.IncidentState;

/**
 * When Belvo fails: the user gets a calm page, never a stack trace, and a repair Belvo cannot
 * confirm sends the incident back to prompting.
 */
class RepairBelvoDownTest extends WireMockBelvoTest {

    private static final String TOKEN_PATH = BELVO_BASE_PATH + "/api/token/";


    @Autowired
    RepairFixture fixture;

    @BeforeEach
    void freshBelvo() {
        wireMock.resetAll();
    }

    private RepairFixture.Broken broken() {
        return fixture.incidentFor(UUID.randomUUID().toString(), "user-" + UUID.randomUUID(), "erebor_mx_retail",
                "invalid_credentials");
    }

    @Test
    void belvoFailingAfterItsRetriesGivesAFriendly503() throws Exception {
        wireMock.stubFor(post(urlEqualTo(TOKEN_PATH)).willReturn(aResponse().withStatus(500)
                .withHeader("Content-Type", "application/json")
                .withBody("[{\"code\":\"unexpected_error\",\"message\":\"Belvo is unable to process the request\","
                        + "\"request_id\":\"0123456789abcdef0123456789abcdef\"}]")));
        RepairFixture.Broken broken = broken();

        RepairFixture.Answer page = fixture.start(broken.url(), "Accept-Language", "pt-BR");

        assertThat(page.status()).isEqualTo(503);
        assertThat(page.header("Retry-After")).isEqualTo("5");
        assertThat(page.body()).contains("Tente novamente em instantes").doesNotContain("unexpected_error")
                .doesNotContain("data-access");
        RepairPageTest.assertRepairHeaders(page);
        wireMock.verify(BELVO_REDELIVERIES + 1, postRequestedFor(urlEqualTo(TOKEN_PATH)));
        assertThat(fixture.timeline(broken)).anyMatch(event -> "page_unavailable".equals(event.type())
                && event.detail().contains("unexpected_error"));
        assertThat(fixture.timelineTypes(broken)).doesNotContain("repair_started");
    }

    @Test
    void aBelvoTooSlowForAPersonGivesThe503PageAfterTheWait() throws Exception {
        wireMock.stubFor(post(urlEqualTo(TOKEN_PATH)).willReturn(aResponse().withStatus(200)
                .withHeader("Content-Type", "application/json").withFixedDelay(12_000)
                .withBody("{\"access\":\"late\",\"refresh\":\"late\"}")));
        RepairFixture.Broken broken = broken();
        long started = System.nanoTime();

        RepairFixture.Answer page = fixture.start(broken.url());

        assertThat(page.status()).isEqualTo(503);
        assertThat(page.body()).contains("Please try again in a moment").doesNotContain("late");
        assertThat(Duration.ofNanos(System.nanoTime() - started)).isBetween(Duration.ofSeconds(8),
                Duration.ofSeconds(11));
    }

    @Test
    void aLinkBelvoNoLongerKnowsGetsTheExpiredPageAtOnce() throws Exception {
        wireMock.stubFor(post(urlEqualTo(TOKEN_PATH)).willReturn(aResponse().withStatus(404)
                .withHeader("Content-Type", "application/json")
                .withBody("[{\"code\":\"not_found\",\"message\":\"Not found.\",\"request_id\":\"abc\"}]")));

        RepairFixture.Answer page = fixture.start(broken().url());

        assertThat(page.status()).isEqualTo(410);
        assertThat(page.body()).contains("This link has expired");
        wireMock.verify(1, postRequestedFor(urlEqualTo(TOKEN_PATH)));
    }

    @Test
    void aRepairBelvoCannotConfirmGoesBackToPrompting() throws Exception {
        RepairFixture.Broken broken = broken();
        String linkPath = BELVO_BASE_PATH + "/api/links/";
        wireMock.stubFor(get(urlPathEqualTo(linkPath)).withQueryParam("id__in", equalTo(broken.linkId())).willReturn(aResponse().withStatus(503)
                .withHeader("Content-Type", "application/json")
                .withBody("[{\"code\":\"service_unavailable\",\"message\":\"down\",\"request_id\":\"r\"}]")));

        fixture.post(broken.url() + "/events", "{\"type\":\"success\",\"link\":\"" + broken.linkId() + "\"}",
                "application/json");

        await().atMost(Duration.ofSeconds(20)).until(() -> fixture.state(broken), IncidentState.PROMPTING::equals);
        assertThat(fixture.timelineTypes(broken)).containsSubsequence("widget_success", "repair_unconfirmed")
                .containsOnlyOnce("repair_unconfirmed");
        assertThat(fixture.timeline(broken)).anyMatch(event -> "repair_unconfirmed".equals(event.type())
                && event.detail().contains("service_unavailable"));
        wireMock.verify(getRequestedFor(urlPathEqualTo(linkPath)).withQueryParam("id__in", equalTo(broken.linkId())));
    }
}
