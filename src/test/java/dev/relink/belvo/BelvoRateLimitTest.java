package dev.relink.belvo;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

import com.github.tomakehurst.wiremock.client.WireMock;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;

import org.apache.camel.ProducerTemplate;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * Belvo's firewall refuses more than 80 requests in 30 s from one IP, so every read goes through one
 * throttle ({@code relink.belvo.rate-limit.*}, on WireMockBelvoTest {@value WireMockBelvoTest#READS_PER_SECOND}
 * a second): a burst is spread out, never refused, and the widget token a person waits for is not queued
 * behind it.
 */
class BelvoRateLimitTest extends WireMockBelvoTest {

    static final int LIMIT = READS_PER_SECOND;
    static final int BURST = 4 * LIMIT;

    @Autowired
    ProducerTemplate producer;

    @Test
    void aBurstOfReadsNeverExceedsTheRateLimitAllSucceedAndAWidgetTokenDoesNotWaitBehindThem() throws IOException {
        wireMock.resetAll();
        String link = BelvoClientTest.example("link-detail-token_required.json");
        wireMock.stubFor(WireMock.get(urlPathMatching(BELVO_BASE_PATH + "/api/links/.+/")).willReturn(aResponse()
                .withStatus(200).withHeader("Content-Type", "application/json").withBody(link)));
        wireMock.stubFor(WireMock.post(BELVO_BASE_PATH + "/api/token/").willReturn(aResponse().withStatus(200)
                .withHeader("Content-Type", "application/json")
                .withBody(BelvoClientTest.example("token-response.json"))));

        List<CompletableFuture<Link>> calls = new ArrayList<>();
        for (int i = 0; i < BURST; i++) {
            calls.add(producer.asyncRequestBodyAndHeaders("direct:belvo.get-link", null,
                    Map.of("linkId", "burst-link-" + i), Link.class));
        }
        // A person waiting on the repair page is not queued behind the background reads.
        WidgetToken token = producer.requestBodyAndHeader("direct:belvo.create-widget-token", null, "linkId",
                "burst-link-0", WidgetToken.class);
        assertThat(token.access()).isNotBlank();
        assertThat(calls).as("reads still waiting their turn when the token came back").anyMatch(call -> !call.isDone());
        calls.forEach(call -> assertThat(call.join().id()).isNotBlank());

        List<Long> sent = wireMock.findAll(WireMock.getRequestedFor(urlPathMatching(BELVO_BASE_PATH + "/api/links/.+/")))
                .stream().map(LoggedRequest::getLoggedDate).map(date -> date.getTime()).sorted().toList();
        assertThat(sent).hasSize(BURST);
        // Any LIMIT + 1 requests in a row span at least the period, less what a loaded machine blurs (without the
        // throttle the whole burst lands within a few milliseconds).
        for (int i = 0; i + LIMIT < sent.size(); i++) {
            assertThat(sent.get(i + LIMIT) - sent.get(i)).as("requests %d to %d", i, i + LIMIT).isGreaterThanOrEqualTo(600);
        }
        assertThat(sent.get(BURST - 1) - sent.get(0)).isGreaterThanOrEqualTo(3 * 600);
        long tokenSent = wireMock.findAll(WireMock.postRequestedFor(WireMock.urlEqualTo(BELVO_BASE_PATH + "/api/token/")))
                .get(0).getLoggedDate().getTime();
        assertThat(tokenSent).as("the token was asked for before the first period ran out").isLessThan(sent.get(LIMIT));
    }
}
