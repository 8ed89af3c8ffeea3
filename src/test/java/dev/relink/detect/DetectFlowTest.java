package dev.relink.detect;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;

import dev.relink.support.LinkIds;
import dev.relink.support.RelinkIntegrationTest;
import dev.relink.support.WebhookClient;

/** From a signal to an incident: webhooks, app-reported errors and the poll, against a stubbed Belvo. */
class DetectFlowTest extends BelvoStubbedTest {

    static String newLink() {
        return UUID.randomUUID().toString();
    }

    @Test
    void linkWebhookExamplesOpenOneIncidentEachWithTheirBelvoIds() {
        BELVO.linkIs("16f68516-bcbc-4cf7-b815-c500d4204e28", "invalid");
        BELVO.linkIs("30cb4806-6e00-48a4-91c9-ca55968576c8", "token_required");

        assertThat(client.webhook(WebhookClient.example("webhook-link-invalid_credentials.json"),
                BASIC_WEBHOOK_AUTHORIZATION).statusCode()).isEqualTo(202);
        assertThat(client.webhook(WebhookClient.example("webhook-link-token_required.json"),
                BASIC_WEBHOOK_AUTHORIZATION).statusCode()).isEqualTo(202);

        JsonNode invalid = awaitIncident("16f68516-bcbc-4cf7-b815-c500d4204e28", BelvoStubbedTest::handedOn);
        assertThat(invalid.get("reason").asText()).isEqualTo("invalid_credentials");
        assertThat(invalid.get("external_id").asText()).isEqualTo("user-4000-primary");
        JsonNode signal = signalEvent(invalid);
        assertThat(signal.get("source").asText()).isEqualTo("webhook");
        assertThat(signal.get("webhook_id").asText()).isEqualTo("aadf41a1fc8e4f79a49f7f04027ac999");
        assertThat(signal.get("request_id").asText()).isEqualTo("4363b08b-51eb-4350-9c74-5df5ac92a7f6");

        JsonNode token = awaitIncident("30cb4806-6e00-48a4-91c9-ca55968576c8", BelvoStubbedTest::handedOn);
        assertThat(token.get("reason").asText()).isEqualTo("token_required");
        assertThat(signalEvent(token).get("webhook_id").asText()).isEqualTo("b1c2d3e4f5a64b7c8d9e0f1a2b3c4d5e");

        // ACCOUNTS/historical_update (same webhook_id as the LINK event, per Belvo's docs) while the link is
        // still invalid: re-checked, stays open.
        assertThat(client.webhook(WebhookClient.example("webhook-accounts-historical_update.json"),
                BASIC_WEBHOOK_AUTHORIZATION).statusCode()).isEqualTo(202);
        await().atMost(Duration.ofSeconds(10)).until(() -> inboxStatus("aadf41a1fc8e4f79a49f7f04027ac999",
                "historical_update"), "done:recheck_queued"::equals);
        assertThat(closed(api("/api/incidents/" + invalid.get("id").asText()))).isFalse();

        // The user repaired the link; TRANSACTIONS/historical_update follows: re-checked and resolved.
        BELVO.linkIs("16f68516-bcbc-4cf7-b815-c500d4204e28", "valid");
        assertThat(client.webhook(WebhookClient.example("webhook-transactions-historical_update.json"),
                BASIC_WEBHOOK_AUTHORIZATION).statusCode()).isEqualTo(202);
        JsonNode resolved = awaitIncident("16f68516-bcbc-4cf7-b815-c500d4204e28", BelvoStubbedTest::closed);
        assertThat(resolved.get("state").asText()).isEqualTo("resolved");

        // new_transactions_available for a link with no open incident: nothing to do, recorded as such.
        assertThat(client.webhook(WebhookClient.example("webhook-transactions-new_transactions_available.json"),
                BASIC_WEBHOOK_AUTHORIZATION).statusCode()).isEqualTo(202);
        await().atMost(Duration.ofSeconds(10)).until(() -> inboxStatus("d4e5f6a7b8c94d0e1f2a3b4c5d6e7f80",
                "new_transactions_available"), "done:no_open_incident"::equals);
        assertThat(incidentsOf("16f68516-bcbc-4cf7-b815-c500d4204e28")).hasSize(1);

        // CONSENT/consent_expired (Brazil Open Finance) opens a consent incident (routes/consent.yaml).
        assertThat(client.webhook(WebhookClient.example("webhook-consent-consent_expired.json"),
                BASIC_WEBHOOK_AUTHORIZATION).statusCode()).isEqualTo(202);
        await().atMost(Duration.ofSeconds(10)).until(() -> inboxStatus("e6f08793f967445fb74ce16beae665bc",
                "consent_expired"), status -> status.startsWith("done:signal:"));
        assertThat(incidentsOf("3d3364b7-0175-483d-a58b-b471f251e533")).hasSize(1);
    }

    static JsonNode signalEvent(JsonNode incident) {
        for (JsonNode event : incident.get("timeline")) {
            if (event.get("type").asText().equals("signal")) {
                return event;
            }
        }
        throw new AssertionError("no signal on the timeline: " + incident);
    }

    @Test
    void bearerWebhookSecretDoesNotOpenABasicConfiguredEndpoint() {
        String id = WebhookIntakeTest.uniqueId();
        HttpResponse<String> response = client.webhook(webhook(id, "LINK", "invalid_credentials", newLink()),
                RelinkIntegrationTest.WEBHOOK_AUTHORIZATION); // the local profile's Bearer, hidden by the base's Basic
        assertThat(response.statusCode()).isEqualTo(401);
    }

    @Test
    void linkRepairedBeforeTheRecheckIsResolvedWithoutAPrompt() {
        String link = newLink();
        BELVO.linkIs(link, "valid");

        client.webhook(webhook(WebhookIntakeTest.uniqueId(), "LINK", "token_required", link), BASIC_WEBHOOK_AUTHORIZATION);

        JsonNode incident = awaitIncident(link, BelvoStubbedTest::closed);
        assertThat(incident.get("state").asText()).isEqualTo("resolved");
        assertThat(timelineTypes(incident)).doesNotContain("awaiting_prompt", "state", "rechecked");
    }

    @Test
    void linkBelvoDoesNotKnowIsClosedAsDeletedAndTheWebhookStaysVisible() {
        String link = newLink();
        String id = WebhookIntakeTest.uniqueId();
        BELVO.linkIsUnknown(link);

        assertThat(client.webhook(webhook(id, "LINK", "invalid_credentials", link), BASIC_WEBHOOK_AUTHORIZATION)
                .statusCode()).isEqualTo(202);

        JsonNode incident = awaitIncident(link, BelvoStubbedTest::closed);
        assertThat(incident.get("state").asText()).isEqualTo("deleted");
        assertThat(inboxStatus(id, "invalid_credentials")).startsWith("done:signal");
    }

    @Test
    void linkDeletedWebhookClosesTheOpenIncidentAsDeleted() {
        String link = newLink();
        BELVO.linkIs(link, "invalid");
        client.webhook(webhook(WebhookIntakeTest.uniqueId(), "LINK", "invalid_credentials", link),
                BASIC_WEBHOOK_AUTHORIZATION);
        awaitIncident(link, BelvoStubbedTest::handedOn);

        client.webhook(webhook(WebhookIntakeTest.uniqueId(), "LINK", "link_deleted", link), BASIC_WEBHOOK_AUTHORIZATION);

        assertThat(awaitIncident(link, BelvoStubbedTest::closed).get("state").asText()).isEqualTo("deleted");
    }

    @Test
    void burstOf2000WebhooksWithRepeatsFor500LinksMakesExactly500OpenIncidents() throws Exception {
        String prefix = LinkIds.group();
        BELVO.linksWithPrefixAre(prefix, "invalid");
        // 1,500 distinct deliveries (three per link), then 500 exact repeats of some of them (Belvo redelivering).
        List<String> bodies = new ArrayList<>();
        for (int i = 0; i < 1500; i++) {
            String code = i % 2 == 0 ? "invalid_credentials" : "token_required";
            bodies.add(webhook("burst-" + prefix + i, "LINK", code, LinkIds.inGroup(prefix, i % 500)));
        }
        for (int i = 0; i < 500; i++) {
            bodies.add(bodies.get(i * 3));
        }
        ExecutorService senders = Executors.newFixedThreadPool(16);
        List<Future<Integer>> answers = new ArrayList<>();
        for (String body : bodies) {
            answers.add(senders.submit(() -> client.webhook(body, BASIC_WEBHOOK_AUTHORIZATION).statusCode()));
        }
        for (Future<Integer> answer : answers) {
            assertThat(answer.get()).isEqualTo(202);
        }
        senders.shutdown();

        await().atMost(Duration.ofSeconds(60)).until(() -> jdbc.queryForObject("select count(*) from webhook_inbox "
                + "where webhook_id like ? and status in ('pending', 'processing')", Integer.class,
                "burst-" + prefix + "%"), pending -> pending == 0);
        assertThat(jdbc.queryForObject("select count(*) from webhook_inbox where webhook_id like ?", Integer.class,
                "burst-" + prefix + "%")).isEqualTo(1500);
        Set<String> openLinks = new HashSet<>();
        int page = 0;
        JsonNode result;
        do {
            result = api("/api/incidents?open=true&size=500&page=" + page++);
            result.get("items").forEach(incident -> {
                if (incident.get("link_id").asText().startsWith(prefix)) {
                    assertThat(openLinks.add(incident.get("link_id").asText())).isTrue();
                }
            });
        } while (result.get("items").size() == 500);
        assertThat(openLinks).hasSize(500);
        assertThat(jdbc.queryForObject("select count(*) from incident where link_id like ?", Integer.class,
                prefix + "%")).isEqualTo(500);
        assertThat(jdbc.queryForObject("select sum(signal_count) from incident where link_id like ?", Integer.class,
                prefix + "%")).isEqualTo(1500);
    }

    @Test
    void aBurstIsReCheckedAHundredLinksABelvoReadAndEachIncidentSettlesAsWhenReadAlone() throws Exception {
        String valid = LinkIds.group();
        String broken = LinkIds.group();
        String gone = LinkIds.group();
        BELVO.linksWithPrefixAre(valid, "valid");
        BELVO.linksWithPrefixAre(broken, "invalid");
        BELVO.linksWithPrefixAreUnknown(gone);
        List<String> links = new ArrayList<>();
        for (int i = 0; i < 100; i++) {
            links.add(LinkIds.inGroup(valid, i));
            links.add(LinkIds.inGroup(broken, i));
            if (i < 50) {
                links.add(LinkIds.inGroup(gone, i));
            }
        }
        int singleReadsBefore = BELVO.singleReads();

        // All at once from 16 senders; Belvo says it twice for each link that stays broken (a second webhook
        // for a link already closed would rightly open a new incident).
        ExecutorService senders = Executors.newFixedThreadPool(16);
        List<Future<Integer>> answers = new ArrayList<>();
        for (int round = 0; round < 2; round++) {
            for (String link : links) {
                if (round == 0 || link.startsWith(broken)) {
                    String body = webhook(WebhookIntakeTest.uniqueId(), "LINK", "invalid_credentials", link);
                    answers.add(senders.submit(() -> client.webhook(body, BASIC_WEBHOOK_AUTHORIZATION).statusCode()));
                }
            }
        }
        for (Future<Integer> answer : answers) {
            assertThat(answer.get()).isEqualTo(202);
        }
        senders.shutdown();

        for (String link : links) {
            JsonNode incident = awaitIncident(link, i -> closed(i) || handedOn(i));
            assertThat(incidentsOf(link)).as(link).hasSize(1);
            if (link.startsWith(valid)) {
                assertThat(incident.get("state").asText()).isEqualTo("resolved");
                assertThat(timelineTypes(incident)).doesNotContain("state", "rechecked");
            } else if (link.startsWith(gone)) {
                assertThat(incident.get("state").asText()).isEqualTo("deleted");
            } else {
                assertThat(handedOn(incident)).as(link).isTrue();
                int signals = incident.get("signal_count").asInt();
                if (signals < 2) { // the repeat may still be on its way: it joins the incident, nothing else
                    incident = awaitIncident(link, i -> i.get("signal_count").asInt() == 2);
                }
                assertThat(timelineTypes(incident).stream().filter("rechecked"::equals)).hasSize(1);
            }
        }
        // 250 links, 100 a read (a lull of over a second in the burst may send a batch early); step 0 of the
        // 100 still broken goes out on that same read. One by one, this was 250 re-checks and 100 pre-send reads.
        assertThat(BELVO.bulkReadsAsking(links)).isBetween(3, 4);
        assertThat(BELVO.singleReads() - singleReadsBefore).isZero();
    }

    @Test
    void pollListsBrokenLinksAcrossPagesAndResolvesIncidentsNoLongerListed() throws Exception {
        String prefix = LinkIds.group();
        List<List<String>> pages = List.of(
                List.of(LinkIds.inGroup(prefix, 1), LinkIds.inGroup(prefix, 2), LinkIds.inGroup(prefix, 3)),
                List.of(LinkIds.inGroup(prefix, 4), LinkIds.inGroup(prefix, 5), LinkIds.inGroup(prefix, 6)),
                List.of(LinkIds.inGroup(prefix, 7)));
        BELVO.brokenLinkPages(pages);
        BELVO.linksWithPrefixAre(prefix, "invalid");
        String repaired = promptedLinkRepairedSince();
        int listRequestsBefore = BELVO.listRequests();

        firePoll();

        for (List<String> page : pages) {
            for (String link : page) {
                JsonNode incident = awaitIncident(link, BelvoStubbedTest::handedOn);
                assertThat(signalEvent(incident).get("source").asText()).isEqualTo("poll");
                assertThat(incident.get("reason").asText()).isEqualTo("invalid_credentials");
            }
        }
        assertThat(BELVO.listRequests() - listRequestsBefore).isEqualTo(3);
        assertThat(awaitIncident(repaired, BelvoStubbedTest::closed).get("state").asText()).isEqualTo("resolved");
        // the listing is Belvo's word on the listed links: only the incident it did not list was read again
        List<String> listed = pages.stream().flatMap(List::stream).toList();
        assertThat(BELVO.bulkReadsAsking(listed)).as("no second read of a listed link by detection").isZero();
        assertThat(BELVO.bulkReadsAsking(List.of(repaired))).as("its re-check after the webhook, then the poll's")
                .isEqualTo(2);

        // A second poll finds the same links: they join their open incidents, nothing new is opened.
        firePoll();
        await().atMost(Duration.ofSeconds(20)).until(() -> incidentsOf(LinkIds.inGroup(prefix, 7)).get(0).get("signal_count").asInt() == 2);
        for (List<String> page : pages) {
            for (String link : page) {
                assertThat(incidentsOf(link)).hasSize(1);
            }
        }
    }

    @Test
    void appReportedErrorsOpenOrJoinTheLinksIncident() {
        String link = newLink();
        BELVO.linkIs(link, "token_required");

        HttpResponse<String> first = client.postJson("/api/link-errors", API_KEY,
                "{\"link_id\":\"" + link + "\",\"status\":428,\"code\":\"token_required\",\"external_id\":\"user-77\"}");
        HttpResponse<String> second = client.postJson("/api/link-errors", API_KEY, "{\"link_id\":\"" + link
                + "\",\"errors\":" + WebhookClient.example("error-428-token_required.json") + "}");

        assertThat(first.statusCode()).isEqualTo(202);
        assertThat(second.statusCode()).isEqualTo(202);
        String incidentId = json(first.body()).get("incident_id").asText();
        assertThat(json(second.body()).get("incident_id").asText()).isEqualTo(incidentId);
        JsonNode incident = awaitIncident(link, BelvoStubbedTest::handedOn);
        assertThat(incident.get("id").asText()).isEqualTo(incidentId);
        assertThat(incident.get("signal_count").asInt()).isEqualTo(2);
        assertThat(incident.get("reason").asText()).isEqualTo("token_required");
        assertThat(incident.get("external_id").asText()).isEqualTo("user-77");
        assertThat(incident.get("timeline").findValuesAsText("request_id")).contains("8c7b283c6efa449c9c028a16b5c249fa");
        assertThat(incident.get("timeline").findValuesAsText("source")).containsOnly("app");
    }

    @Test
    void eachActionableBelvoErrorOpensAnIncidentWithItsReason() {
        String[][] cases = {{"400", "invalid_link", "invalid_credentials"}, {"428", "token_required", "token_required"},
                {"400", "unconfirmed_link", "unconfirmed"}};
        for (String[] c : cases) {
            String link = newLink();
            BELVO.linkIs(link, "invalid");
            HttpResponse<String> response = client.postJson("/api/link-errors", API_KEY,
                    "{\"link_id\":\"" + link + "\",\"status\":" + c[0] + ",\"code\":\"" + c[1] + "\"}");
            assertThat(response.statusCode()).as(c[1]).isEqualTo(202);
            assertThat(json(response.body()).get("reason").asText()).isEqualTo(c[2]);
        }
    }

    @Test
    void errorsTheUserCannotFixAre422NamingTheOnesTheyCan() {
        String link = newLink();
        for (String example : List.of("error-400-login_error.json", "error-400-too_many_sessions.json",
                "error-500-unexpected_error.json", "error-400-institution_down.json")) {
            HttpResponse<String> response = client.postJson("/api/link-errors", API_KEY,
                    "{\"link_id\":\"" + link + "\",\"errors\":" + WebhookClient.example(example) + "}");
            WebhookIntakeTest.assertProblem(response, 422, "invalid_link");
            assertThat(response.body()).contains("token_required").contains("unconfirmed_link");
        }
        assertThat(incidentsOf(link)).isEmpty();
    }

    @Test
    void malformedLinkErrorReportsAre400NamingTheField() {
        String x = newLink();
        WebhookIntakeTest.assertProblem(client.postJson("/api/link-errors", API_KEY, "{\"status\":400,\"code\":\"invalid_link\"}"),
                400, "'link_id'");
        WebhookIntakeTest.assertProblem(client.postJson("/api/link-errors", API_KEY, "{\"link_id\":\"" + x + "\",\"status\":400}"),
                400, "'code'");
        WebhookIntakeTest.assertProblem(client.postJson("/api/link-errors", API_KEY, "{\"link_id\":\"" + x + "\",\"errors\":[]}"),
                400, "'errors'");
        WebhookIntakeTest.assertProblem(client.postJson("/api/link-errors", API_KEY,
                "{\"link_id\":\"" + x + "\",\"status\":\"four hundred\",\"code\":\"invalid_link\"}"), 400, "'status'");
        WebhookIntakeTest.assertProblem(client.postJson("/api/link-errors", API_KEY, "{not json"), 400, "JSON object");
        WebhookIntakeTest.assertProblem(client.postJson("/api/link-errors", API_KEY, ""), 400, "link_id");
        assertThat(client.postJson("/api/link-errors", "wrong-key", "{\"link_id\":\"x\",\"code\":\"invalid_link\"}")
                .statusCode()).isEqualTo(401);
    }

    @Test
    void aLinkIdThatIsNotABelvoLinkIdIsRefusedAndOpensNoIncident() {
        for (String notALink : List.of("../../x", "x", "16f68516bcbc4cf7b815c500d4204e28",
                "------------------------------------", "16f68516-bcbc-4cf7-b815-c500d4204e28/../..")) {
            HttpResponse<String> refused = client.postJson("/api/link-errors", API_KEY,
                    "{\"link_id\":" + JSON.valueToTree(notALink) + ",\"status\":400,\"code\":\"invalid_link\"}");

            WebhookIntakeTest.assertProblem(refused, 400, "a UUID");
            assertThat(json(refused.body()).get("type").asText()).endsWith("/invalid-link-id");
            assertThat(json(refused.body()).get("detail").asText()).contains("got '" + notALink + "'");
            assertThat(jdbc.queryForObject("select count(*) from incident where link_id = ?", Integer.class, notALink))
                    .isZero();
        }
    }

    @Test
    void aLinkWebhookWhoseLinkIdIsNotABelvoLinkIdIsStoredAndListedAsIgnoredWithoutAnIncident() {
        String webhookId = WebhookIntakeTest.uniqueId();

        assertThat(client.webhook(webhook(webhookId, "LINK", "invalid_credentials", "../../x"),
                BASIC_WEBHOOK_AUTHORIZATION).statusCode()).isEqualTo(202);

        JsonNode listed = await().atMost(Duration.ofSeconds(10)).until(() -> api("/api/webhooks?status=ignored&code=invalid_credentials"),
                page -> page.get("items").findValuesAsText("webhook_id").contains(webhookId));
        JsonNode row = listed.get("items").get(0);
        assertThat(row.get("webhook_id").asText()).isEqualTo(webhookId);
        assertThat(row.get("link_id").asText()).isEqualTo("../../x");
        assertThat(row.get("outcome").asText()).isEqualTo("ignored: link_id is not a Belvo link id (a UUID)");
        assertThat(jdbc.queryForObject("select count(*) from incident where link_id = ?", Integer.class, "../../x"))
                .isZero();
    }

    @Test
    void incidentApiFiltersAndRefusesBadQueriesWithProblems() {
        String link = newLink();
        BELVO.linkIs(link, "invalid");
        client.postJson("/api/link-errors", API_KEY, "{\"link_id\":\"" + link + "\",\"code\":\"invalid_link\",\"external_id\":\"ext-" + link + "\"}");
        awaitIncident(link, BelvoStubbedTest::handedOn);

        assertThat(api("/api/incidents?external_id=ext-" + link).get("items")).hasSize(1);
        assertThat(api("/api/incidents?link_id=" + link + "&reason=token_required").get("items")).isEmpty();
        assertThat(api("/api/incidents?link_id=" + link + "&reason=invalid_credentials&open=true").get("total").asInt())
                .isEqualTo(1);
        WebhookIntakeTest.assertProblem(client.get("/api/incidents?reason=bogus", API_KEY), 400, "reason");
        WebhookIntakeTest.assertProblem(client.get("/api/incidents?state=bogus", API_KEY), 400,
                "state must be one of bank_side, deleted, erased, expired, held, no_contact, open, prompting, repair_submitted, resolved; got 'bogus'");
        // step 0 finds no contact for ext-<link> and parks the incident
        awaitIncident(link, incident -> "no_contact".equals(incident.get("state").asText()));
        assertThat(api("/api/incidents?link_id=" + link + "&state=no_contact").get("total").asInt()).isEqualTo(1);
        assertThat(api("/api/incidents?link_id=" + link + "&state=prompting").get("total").asInt()).isZero();
        WebhookIntakeTest.assertProblem(client.get("/api/incidents?link_id=..%2F..%2Fx", API_KEY), 400,
                "a UUID such as 16f68516-bcbc-4cf7-b815-c500d4204e28; got '../../x'");
        WebhookIntakeTest.assertProblem(client.get("/api/incidents?page=-1", API_KEY), 400, "page");
        WebhookIntakeTest.assertProblem(client.get("/api/incidents?size=100000", API_KEY), 400, "size");
        WebhookIntakeTest.assertProblem(client.get("/api/incidents/no-such-incident", API_KEY), 404, "no-such-incident");
    }
}
