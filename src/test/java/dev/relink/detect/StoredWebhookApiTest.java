package dev.relink.detect;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.UUID;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Value;

import dev.relink.support.RelinkIntegrationTest;

/** Ops can see every webhook Belvo sent and what Relink did with it, not only count them. */
class StoredWebhookApiTest extends RelinkIntegrationTest {

    static final ObjectMapper JSON = new ObjectMapper();
    static final HttpClient HTTP = HttpClient.newHttpClient();

    @Value("${local.server.port}")
    int port;

    @Test
    void anIgnoredWebhookIsListedWithItsOutcomeAndItsPayloadAsSent() throws Exception {
        String webhookId = UUID.randomUUID().toString().replace("-", "");
        String payload = """
                {"webhook_id": "%s", "webhook_type": "INVOICES", "webhook_code": "something_new",
                 "link_id": null, "data": {"answer": 42}, "an_extra_field": ["kept"]}""".formatted(webhookId);
        HttpResponse<String> accepted = HTTP.send(HttpRequest.newBuilder(uri("/webhooks/belvo"))
                .header("Authorization", WEBHOOK_AUTHORIZATION).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(payload)).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(accepted.statusCode()).isEqualTo(202);

        JsonNode listed = await().atMost(Duration.ofSeconds(30)).until(
                () -> get("/api/webhooks?status=ignored&type=INVOICES&code=something_new"),
                page -> page.get("items").findValuesAsText("webhook_id").contains(webhookId));
        JsonNode row = listed.get("items").get(0);
        assertThat(row.get("status").asText()).isEqualTo("ignored");
        assertThat(row.has("payload")).isFalse();

        JsonNode one = get("/api/webhooks/" + row.get("id").asText());
        assertThat(one.get("webhook_id").asText()).isEqualTo(webhookId);
        assertThat(one.at("/payload/an_extra_field/0").asText()).isEqualTo("kept");
        assertThat(one.at("/payload/data/answer").asInt()).isEqualTo(42);
    }

    @Test
    void aWebhookThatCannotBeProcessedIsListedAsFailedWithItsErrorAndTheOthersGoOn() throws Exception {
        String broken = UUID.randomUUID().toString().replace("-", "");
        String fine = UUID.randomUUID().toString().replace("-", "");
        // a CONSENT webhook must name its consent (data.consent_id): this one cannot be acted on
        assertThat(post("""
                {"webhook_id": "%s", "webhook_type": "CONSENT", "webhook_code": "openfinance_consent_expired",
                 "link_id": "%s", "data": {}}""".formatted(broken, UUID.randomUUID())).statusCode()).isEqualTo(202);
        assertThat(post("""
                {"webhook_id": "%s", "webhook_type": "INVOICES", "webhook_code": "something_else",
                 "link_id": null, "data": {}}""".formatted(fine)).statusCode()).isEqualTo(202);

        JsonNode failed = await().atMost(Duration.ofSeconds(60)).until(
                () -> get("/api/webhooks?status=failed&type=CONSENT"),
                page -> page.get("items").findValuesAsText("webhook_id").contains(broken));
        JsonNode row = get("/api/webhooks/" + failed.get("items").get(0).get("id").asText());
        assertThat(row.get("webhook_id").asText()).isEqualTo(broken);
        assertThat(row.get("error").asText()).contains("has no data.consent_id");
        assertThat(get("/api/webhooks?status=ignored&type=INVOICES&code=something_else").get("items")
                .findValuesAsText("webhook_id")).contains(fine);

        // the policy kept what failed as a dead letter too; deleting it leaves the shared app healthy
        JsonNode deadLetters = get("/api/dead-letters?route=consent.webhook").get("items");
        assertThat(deadLetters.findValuesAsText("exceptionMessage")).anyMatch(message -> message.contains(broken));
        for (JsonNode deadLetter : deadLetters) {
            assertThat(HTTP.send(HttpRequest.newBuilder(uri("/api/dead-letters/" + deadLetter.get("id").asLong()))
                    .header("Authorization", "Bearer " + API_KEY).DELETE().build(),
                    HttpResponse.BodyHandlers.ofString()).statusCode()).isLessThan(300);
        }
    }

    private HttpResponse<String> post(String payload) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(uri("/webhooks/belvo"))
                .header("Authorization", WEBHOOK_AUTHORIZATION).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(payload)).build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void badFiltersUnknownIdsAndMissingKeysGetProblems() throws Exception {
        assertThat(send("/api/webhooks?status=lost", API_KEY)).satisfies(r -> {
            assertThat(r.statusCode()).isEqualTo(400);
            assertThat(r.body()).contains("status must be one of");
        });
        assertThat(send("/api/webhooks?link_id=not-a-link", API_KEY)).satisfies(r -> {
            assertThat(r.statusCode()).isEqualTo(400);
            assertThat(r.body()).contains("a UUID").contains("got 'not-a-link'");
        });
        assertThat(send("/api/webhooks?link_id=" + UUID.randomUUID(), API_KEY).statusCode()).isEqualTo(200);
        assertThat(send("/api/webhooks?page=-1", API_KEY).statusCode()).isEqualTo(400);
        assertThat(send("/api/webhooks?size=100000", API_KEY).statusCode()).isEqualTo(400);
        assertThat(send("/api/webhooks/999999999", API_KEY).statusCode()).isEqualTo(404);
        assertThat(send("/api/webhooks/not-a-number", API_KEY).statusCode()).isEqualTo(400);
        assertThat(send("/api/webhooks", null).statusCode()).isEqualTo(401);
        assertThat(send("/api/webhooks?status=lost", API_KEY).headers().firstValue("Content-Type"))
                .hasValueSatisfying(type -> assertThat(type).startsWith("application/problem+json"));
    }

    private JsonNode get(String path) throws Exception {
        return JSON.readTree(send(path, API_KEY).body());
    }

    private HttpResponse<String> send(String path, String key) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(uri(path));
        if (key != null) {
            request.header("Authorization", "Bearer " + key);
        }
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private URI uri(String path) {
        return URI.create("http://localhost:" + port + path);
    }
}
