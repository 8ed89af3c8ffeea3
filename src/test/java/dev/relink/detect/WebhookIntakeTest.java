package dev.relink.detect;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.ByteArrayInputStream;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import org.apache.camel.CamelContext;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.jdbc.core.JdbcTemplate;

import dev.relink.support.RelinkHttp;
import dev.relink.support.RelinkIntegrationTest;
import dev.relink.support.UnreadableBodies;
import dev.relink.support.WebhookClient;

/** POST /webhooks/belvo: what is refused (and never stored), what is stored, and what happens to it. */
class WebhookIntakeTest extends RelinkIntegrationTest {

    @Value("${local.server.port}")
    int port;

    @Autowired
    JdbcTemplate jdbc;

    @Autowired
    CamelContext camel;

    WebhookClient client;

    @BeforeEach
    void client() {
        client = new WebhookClient(port);
    }

    static String event(String webhookId, String type, String code, String linkId) {
        return """
                {"webhook_id":"%s","webhook_type":"%s","process_type":"recurrent_update","webhook_code":"%s",
                 "link_id":"%s","request_id":"%s","external_id":"user-%s","data":{"x":1}}"""
                .formatted(webhookId, type, code, linkId, UUID.randomUUID(), linkId);
    }

    static String uniqueId() {
        return UUID.randomUUID().toString().replace("-", "");
    }

    int stored(String webhookId) {
        return jdbc.queryForObject("select count(*) from webhook_inbox where webhook_id = ?", Integer.class, webhookId);
    }

    Map<String, Object> row(String webhookId, String code) {
        return jdbc.queryForMap("select status, outcome, payload, attempts from webhook_inbox "
                + "where webhook_id = ? and webhook_code = ?", webhookId, code);
    }

    static void assertProblem(HttpResponse<String> response, int status, String mentions) {
        assertThat(response.statusCode()).isEqualTo(status);
        assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(
                type -> assertThat(type).startsWith("application/problem+json"));
        assertThat(response.body()).contains("\"status\":" + status).contains(mentions);
    }

    @Test
    void consentWebhookIsStoredAnswered202AndThenOpensAConsentIncident() {
        HttpResponse<String> response = client.webhook(WebhookClient.example("webhook-consent-consent_expired.json"),
                WEBHOOK_AUTHORIZATION);

        assertThat(response.statusCode()).isEqualTo(202);
        assertThat(response.body()).contains("\"status\":\"accepted\"");
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(
                row("e6f08793f967445fb74ce16beae665bc", "consent_expired")).containsEntry("status", "done")
                .hasEntrySatisfying("outcome", outcome -> assertThat(outcome).asString().startsWith("signal:")));
    }

    @Test
    void theAnswerEchoesNoRequestHeaderLeastOfAllTheSecret() {
        for (String authorization : new String[] {WEBHOOK_AUTHORIZATION, "Bearer wrong-secret"}) {
            HttpResponse<String> response = client.send(HttpRequest.newBuilder(URI.create(client.base()
                    + "/webhooks/belvo")).header("Content-Type", "application/json")
                    .header("Authorization", authorization).header("X-Belvo-Trace", "trace-123")
                    .POST(HttpRequest.BodyPublishers.ofString(event(uniqueId(), "OWNERS", "historical_update", "l-1"))));

            assertThat(response.statusCode()).isIn(202, 401);
            assertThat(response.headers().map()).doesNotContainKeys("authorization", "x-belvo-trace");
            assertThat(response.headers().map().toString() + response.body()).doesNotContain(authorization)
                    .doesNotContain("trace-123");
        }
    }

    @Test
    void deliveriesArrivingTogetherEachLearnTheirOwnRowId() throws Exception {
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < 48; i++) {
            ids.add(uniqueId());
        }
        ExecutorService senders = Executors.newFixedThreadPool(16);
        try {
            Map<String, Future<HttpResponse<String>>> answers = new LinkedHashMap<>();
            for (String id : ids) {
                answers.put(id, senders.submit(() -> client.webhook(event(id, "OWNERS", "historical_update", "l-" + id),
                        WEBHOOK_AUTHORIZATION)));
            }
            for (Map.Entry<String, Future<HttpResponse<String>>> answer : answers.entrySet()) {
                String body = answer.getValue().get().body();
                long row = jdbc.queryForObject("select id from webhook_inbox where webhook_id = ?", Long.class,
                        answer.getKey());
                assertThat(body).as(answer.getKey()).isEqualTo("{\"status\":\"accepted\",\"inbox_id\":" + row + "}");
            }
        } finally {
            senders.shutdown();
        }
    }

    @Test
    void repeatedDeliveryAnswers202AndChangesNothing() {
        String id = uniqueId();
        String body = event(id, "OWNERS", "historical_update", UUID.randomUUID().toString());

        HttpResponse<String> first = client.webhook(body, WEBHOOK_AUTHORIZATION);
        await().atMost(Duration.ofSeconds(10)).until(() -> "done".equals(row(id, "historical_update").get("status")));
        Map<String, Object> processed = row(id, "historical_update");
        HttpResponse<String> again = client.webhook(body, WEBHOOK_AUTHORIZATION);

        assertThat(first.statusCode()).isEqualTo(202);
        assertThat(again.statusCode()).isEqualTo(202);
        assertThat(again.body()).contains("\"status\":\"duplicate\"");
        assertThat(stored(id)).isEqualTo(1);
        assertThat(row(id, "historical_update")).isEqualTo(processed);
    }

    @Test
    void oneWebhookIdOnTwoDifferentEventsKeepsBoth() {
        // Belvo's own examples reuse one webhook_id for ACCOUNTS/historical_update and LINK/invalid_credentials.
        String id = uniqueId();
        String link = UUID.randomUUID().toString();

        assertThat(client.webhook(event(id, "ACCOUNTS", "historical_update", link), WEBHOOK_AUTHORIZATION).statusCode())
                .isEqualTo(202);
        assertThat(client.webhook(event(id, "TRANSACTIONS", "historical_update", link), WEBHOOK_AUTHORIZATION)
                .statusCode()).isEqualTo(202);

        assertThat(stored(id)).isEqualTo(2);
    }

    @ParameterizedTest
    @ValueSource(strings = {"Bearer relink-local-webhook-secre", "Bearer relink-local-webhook-secretX",
            "bearer relink-local-webhook-secret", "Bearer  relink-local-webhook-secret",
            "relink-local-webhook-secret",
            "Basic cmVsaW5rLWxvY2FsLXdlYmhvb2stc2VjcmV0", ""})
    void wrongOrNearMissAuthorizationIs401AndNothingStored(String authorization) {
        String id = uniqueId();

        HttpResponse<String> response = client.webhook(event(id, "LINK", "invalid_credentials", "l-1"), authorization);

        assertProblem(response, 401, "Authorization");
        assertThat(response.body()).doesNotContain("relink-local-webhook-secret");
        assertThat(stored(id)).isZero();
    }

    @Test
    void missingAuthorizationIs401AndNothingStored() {
        String id = uniqueId();

        HttpResponse<String> response = client.webhook(event(id, "LINK", "invalid_credentials", "l-1"), null);

        assertProblem(response, 401, "Send the Authorization header");
        assertThat(stored(id)).isZero();
    }

    @Test
    void authorizationInTheQueryStringDoesNotCount() {
        String id = uniqueId();
        HttpResponse<String> response = client.send(HttpRequest.newBuilder(URI.create(client.base()
                + "/webhooks/belvo?Authorization=Bearer%20relink-local-webhook-secret"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(event(id, "LINK", "invalid_credentials", "l-1"))));

        assertProblem(response, 401, "Authorization");
        assertThat(stored(id)).isZero();
    }

    @Test
    void camelHeadersFromTheClientDoNotSteerTheRoute() {
        String id = uniqueId();
        HttpResponse<String> response = client.send(HttpRequest.newBuilder(URI.create(client.base()
                + "/webhooks/belvo?CamelBeanMethodName=accepted&CamelHttpResponseCode=204"))
                .header("Content-Type", "application/json")
                .header("Authorization", "Bearer wrong")
                .header("CamelBeanMethodName", "accepted")
                .header("CamelHttpResponseCode", "200")
                .POST(HttpRequest.BodyPublishers.ofString(event(id, "LINK", "invalid_credentials", "l-1"))));

        assertProblem(response, 401, "Authorization");
        assertThat(stored(id)).isZero();
    }

    @Test
    void malformedJsonIs400() {
        assertProblem(client.webhook("{\"webhook_id\": \"abc\", ", WEBHOOK_AUTHORIZATION), 400, "not valid JSON");
    }

    static List<UnreadableBodies.Case> unreadable() {
        return UnreadableBodies.from(event(uniqueId(), "LINK", "invalid_credentials", UUID.randomUUID().toString()));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("unreadable")
    void aBodyTheParserRefusesIs400NamingWhyAndNothingStored(UnreadableBodies.Case unreadable) {
        long before = jdbc.queryForObject("select count(*) from webhook_inbox", Long.class);

        HttpResponse<String> response = client.webhook(unreadable.body(), WEBHOOK_AUTHORIZATION);

        assertProblem(response, 400, unreadable.reason());
        assertThat(jdbc.queryForObject("select count(*) from webhook_inbox", Long.class)).isEqualTo(before);
    }

    @Test
    void aNulCharacterInAStoredFieldIs400() {
        String id = uniqueId();

        HttpResponse<String> response = client.webhook(event(id + "\\u0000", "LINK", "invalid_credentials", "l-1"),
                WEBHOOK_AUTHORIZATION);

        assertProblem(response, 400, "'webhook_id' contains the character U+0000");
        assertThat(stored(id + "\u0000")).isZero();
    }

    @Test
    void emptyBodyIs400() {
        assertProblem(client.webhook("", WEBHOOK_AUTHORIZATION), 400, "empty");
    }

    @Test
    void jsonThatIsNotAnObjectIs400() {
        assertProblem(client.webhook("[1,2]", WEBHOOK_AUTHORIZATION), 400, "JSON object");
    }

    @Test
    void wrongOrMissingContentTypeIs415AndNothingStored() {
        String id = uniqueId();
        String body = event(id, "LINK", "invalid_credentials", "l-1");

        assertProblem(client.webhook(body, WEBHOOK_AUTHORIZATION, "text/plain"), 415, "application/json");
        assertProblem(client.webhook(body, WEBHOOK_AUTHORIZATION, "application/x-www-form-urlencoded"), 415,
                "application/json");
        assertProblem(client.webhook(body, WEBHOOK_AUTHORIZATION, null), 415, "application/json");
        assertThat(stored(id)).isZero();
        assertThat(client.webhook(body, WEBHOOK_AUTHORIZATION, "application/json; charset=utf-8").statusCode())
                .isEqualTo(202);
    }

    @Test
    void bodyOver256KiBIs413ByContentLengthAndWhileReadingAChunkedBody() {
        String id = uniqueId();
        String big = "{\"webhook_id\":\"" + id + "\",\"webhook_type\":\"LINK\",\"webhook_code\":\"x\",\"data\":\""
                + "a".repeat(256 * 1024) + "\"}";

        assertProblem(client.webhook(big, WEBHOOK_AUTHORIZATION), 413, "larger than 262144 bytes");
        HttpResponse<String> chunked = client.send(HttpRequest.newBuilder(URI.create(client.base() + "/webhooks/belvo"))
                .header("Content-Type", "application/json").header("Authorization", WEBHOOK_AUTHORIZATION)
                .POST(HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(big.getBytes()))));
        assertProblem(chunked, 413, "larger than 262144 bytes");
        assertThat(stored(id)).isZero();
    }

    @ParameterizedTest
    @ValueSource(strings = {"webhook_id", "webhook_type", "webhook_code"})
    void eachRequiredFieldMissingNullOrNotAStringIs400NamingIt(String field) {
        String id = uniqueId();
        String body = event(id, "LINK", "invalid_credentials", "l-1");
        String missing = body.replaceFirst("\"" + field + "\":\"[^\"]*\",", "");
        String nulled = body.replaceFirst("\"" + field + "\":\"[^\"]*\"", "\"" + field + "\":null");
        String number = body.replaceFirst("\"" + field + "\":\"[^\"]*\"", "\"" + field + "\":42");

        assertProblem(client.webhook(missing, WEBHOOK_AUTHORIZATION), 400, "'" + field + "' is required");
        assertProblem(client.webhook(nulled, WEBHOOK_AUTHORIZATION), 400, "'" + field + "' is required");
        assertProblem(client.webhook(number, WEBHOOK_AUTHORIZATION), 400, "'" + field + "' must be");
        assertThat(stored(id)).isZero();
    }

    @Test
    void optionalFieldsMayBeMissingOrNullAndUnknownFieldsAreKept() {
        String id = uniqueId();
        String body = "{\"webhook_id\":\"" + id + "\",\"webhook_type\":\"BILLS\",\"webhook_code\":\"new_bills_available\","
                + "\"request_id\":null,\"external_id\":null,\"data\":null,\"brand_new_field\":{\"kept\":true}}";

        assertThat(client.webhook(body, WEBHOOK_AUTHORIZATION).statusCode()).isEqualTo(202);

        assertThat((String) row(id, "new_bills_available").get("payload")).contains("\"brand_new_field\":{\"kept\":true}");
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(row(id, "new_bills_available"))
                .containsEntry("status", "ignored"));
    }

    @Test
    void unknownTypeAndCodeAreStoredIgnoredAndCounted() {
        String id = uniqueId();

        assertThat(client.webhook(event(id, "SPACESHIPS", "warp_drive_engaged", UUID.randomUUID().toString()),
                WEBHOOK_AUTHORIZATION).statusCode()).isEqualTo(202);

        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(row(id, "warp_drive_engaged"))
                .containsEntry("status", "ignored").containsEntry("outcome", "ignored"));
        assertThat(metric("/relink.webhooks?tag=result:ignored")).containsPattern("\"COUNT\",\"value\":[1-9]");
        assertThat(metric("/relink.webhooks.intake")).containsPattern("\"COUNT\",\"value\":[1-9]");
        assertThat(metric("/relink.inbox.backlog")).contains("\"VALUE\"");
    }

    String metric(String path) {
        HttpResponse<String> response = client.send(HttpRequest.newBuilder(URI.create(client.base()
                + "/actuator/metrics" + path)).header("Authorization", RelinkHttp.scrapeAuthorization()));
        assertThat(response.statusCode()).as(path).isEqualTo(200);
        return response.body();
    }

    @Test
    void onlyPostIsAccepted() {
        HttpResponse<String> get = client.send(HttpRequest.newBuilder(URI.create(client.base() + "/webhooks/belvo"))
                .header("Authorization", WEBHOOK_AUTHORIZATION).GET());
        assertProblem(get, 405, "POST");
        assertThat(get.headers().firstValue("Allow")).hasValue("POST");
    }

    @Test
    void aPathNothingListensOnIs404NamingTheRightOne() {
        String id = uniqueId();
        HttpResponse<String> response = client.send(HttpRequest.newBuilder(URI.create(client.base() + "/webhooks/belvoo"))
                .header("Authorization", WEBHOOK_AUTHORIZATION).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(event(id, "LINK", "invalid_credentials", "l-1"))));

        assertProblem(response, 404, "/webhooks/belvo");
        assertThat(stored(id)).isZero();
    }

    @Test
    void aPausedIntakeAnswers503WithRetryAfterAndStoresNothing() throws Exception {
        String id = uniqueId();
        camel.getRouteController().suspendRoute("detect.webhook-intake");
        HttpResponse<String> response;
        try {
            response = client.webhook(event(id, "LINK", "invalid_credentials", "l-1"), WEBHOOK_AUTHORIZATION);
        } finally {
            camel.getRouteController().resumeRoute("detect.webhook-intake");
        }

        assertProblem(response, 503, "deliver it again later");
        assertThat(response.headers().firstValue("Retry-After")).hasValue("30");
        assertThat(stored(id)).isZero();
        assertThat(client.webhook(event(id, "LINK", "invalid_credentials", "l-1"), WEBHOOK_AUTHORIZATION).statusCode())
                .as("taken again once resumed").isEqualTo(202);
    }
}
