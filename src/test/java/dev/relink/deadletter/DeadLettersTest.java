package dev.relink.deadletter;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.stubbing.Scenario.STARTED;
import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;

import org.apache.camel.ProducerTemplate;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.jdbc.core.simple.JdbcClient;

import dev.relink.belvo.Link;
import dev.relink.belvo.WireMockBelvoTest;
import dev.relink.incident.Incident;
import dev.relink.incident.IncidentLifecycle;
import dev.relink.incident.IncidentQueries;
import dev.relink.incident.IncidentState;
import dev.relink.incident.Signal;
import dev.relink.support.BelvoLinkListing;
import dev.relink.support.OpsSession;
import dev.relink.support.RelinkHttp;

/**
 * Flow policies end in stored dead letters that ops list, replay and delete over the admin API; the
 * health and the metrics show them. Test routes: src/test/resources/test-routes.
 */
class DeadLettersTest extends WireMockBelvoTest {

    static final String LINK_ID = "30cb4806-6e00-48a4-91c9-ca55968576c8";
    static final String LINK_PATH = BELVO_BASE_PATH + "/api/links/" + LINK_ID + "/";

    @Autowired
    IncidentLifecycle lifecycle;
    @Autowired
    IncidentQueries incidents;

    @Autowired
    MeterRegistry meters;

    @Autowired
    ProducerTemplate producer;

    @Autowired
    JdbcClient jdbc;

    @Value("${local.server.port}")
    int port;

    OpsSession ops;

    final HttpClient http = HttpClient.newHttpClient();
    final ObjectMapper json = new ObjectMapper();

    @BeforeEach
    void cleanSlate() {
        wireMock.resetAll();
        jdbc.sql("delete from dead_letter").update();
        incidents.openForLink(LINK_ID).ifPresent(open -> lifecycle.resolve(open.id(), "test reset"));
        failing("/flaky");
        failing("/link-flaky");
    }

    @Test
    void exhaustedMessageIsStoredWithoutSecretsThenReplayedOnce() throws Exception {
        Map<String, Object> headers = new LinkedHashMap<>();
        headers.put("Authorization", "Bearer caller-credential-123");
        headers.put("X-Api-Key", "caller-key-123");
        headers.put("customerToken", "caller-token-123");
        headers.put("incidentId", "incident-42");
        headers.put("note", "the belvo password is " + BELVO_PASSWORD);
        headers.put("CamelHttpMethod", "DELETE");

        producer.sendBodyAndHeaders("direct:test.flaky", "hello " + BELVO_ID, headers);

        wireMock.verify(1 + FLOW_REDELIVERIES, postRequestedFor(urlEqualTo("/flaky")));
        JsonNode list = api("GET", "/api/dead-letters?route=test.flaky").json();
        assertThat(list.get("total").asLong()).isEqualTo(1);
        JsonNode summary = list.get("items").get(0);
        assertThat(summary.get("status").asText()).isEqualTo("pending");
        assertThat(summary.get("attempts").asInt()).isEqualTo(1 + FLOW_REDELIVERIES);
        assertThat(summary.get("exceptionClass").asText()).endsWith("HttpOperationFailedException");
        assertThat(summary.get("exceptionMessage").asText()).contains("500");
        assertThat(summary.get("firstFailedAt").asText()).isLessThanOrEqualTo(summary.get("lastFailedAt").asText());

        long id = summary.get("id").asLong();
        Response detail = api("GET", "/api/dead-letters/" + id);
        assertThat(detail.body()).doesNotContain(BELVO_ID, BELVO_PASSWORD, "caller-credential-123", "caller-key-123",
                "caller-token-123", "CamelHttpMethod");
        JsonNode stored = detail.json();
        assertThat(stored.get("body").asText()).isEqualTo("hello ****");
        assertThat(stored.get("headers").get("incidentId").asText()).isEqualTo("incident-42");
        assertThat(stored.get("headers").get("note").asText()).isEqualTo("the belvo password is ****");
        assertThat(stored.get("headers").has("Authorization")).isFalse();

        healthy("/flaky");
        JsonNode replayed = api("POST", "/api/dead-letters/" + id + "/replay").json();
        assertThat(replayed.get("status").asText()).isEqualTo("replayed");
        assertThat(replayed.get("replayOutcome").asText()).isEqualTo("replayed");
        assertThat(replayed.get("replayedAt").isNull()).isFalse();
        wireMock.verify(1, postRequestedFor(urlEqualTo("/flaky")).withRequestBody(equalTo("hello ****")));

        Response again = api("POST", "/api/dead-letters/" + id + "/replay");
        assertThat(again.status()).isEqualTo(409);
        assertThat(again.contentType()).startsWith("application/problem+json");
        wireMock.verify(1, postRequestedFor(urlEqualTo("/flaky")).withRequestBody(equalTo("hello ****")));
    }

    @Test
    void replayThatFailsAgainUpdatesTheSameRow() throws Exception {
        producer.sendBody("direct:test.flaky", "still broken");
        long id = onlyDeadLetter("test.flaky").get("id").asLong();

        JsonNode replay = api("POST", "/api/dead-letters/" + id + "/replay").json();

        assertThat(replay.get("id").asLong()).isEqualTo(id);
        assertThat(replay.get("status").asText()).isEqualTo("pending");
        assertThat(replay.get("attempts").asInt()).isEqualTo(2 * (1 + FLOW_REDELIVERIES));
        assertThat(replay.get("replayOutcome").asText()).startsWith("failed again").contains("500");
        assertThat(api("GET", "/api/dead-letters?route=test.flaky").json().get("total").asLong()).isEqualTo(1);
    }

    @Test
    void aFlowReachedThroughDirectIsStoredWithWhatItReceived() throws Exception {
        // the inner flow's dead-letter channel handles the failure: nothing is thrown back to the outer flow
        producer.requestBody("direct:test.outer", "signal-7", String.class);

        JsonNode inner = onlyDeadLetter("test.flaky");
        JsonNode detail = api("GET", "/api/dead-letters/" + inner.get("id").asLong()).json();
        assertThat(detail.get("body").asText()).isEqualTo("inner input for signal-7");
        assertThat(detail.get("headers").get("step").asText()).isEqualTo("inner");
        assertThat(api("GET", "/api/dead-letters?route=test.outer").json().get("total").asLong()).isZero();

        healthy("/flaky");
        api("POST", "/api/dead-letters/" + inner.get("id").asLong() + "/replay");
        wireMock.verify(1, postRequestedFor(urlEqualTo("/flaky")).withRequestBody(equalTo("inner input for signal-7")));
    }

    @Test
    void replayHandsTheRouteTheSameKindOfObject() throws Exception {
        Link link = new Link("30cb4806-6e00-48a4-91c9-ca55968576c8", "heimdall_mx_retail", "recurrent", null, null,
                "user-4001", null, Link.TOKEN_REQUIRED, null, "7d", "store", List.of("ACCOUNTS"), "365d");
        producer.sendBody("direct:test.link-flaky", link);
        JsonNode stored = api("GET", "/api/dead-letters/" + onlyDeadLetter("test.link-flaky").get("id").asLong()).json();
        assertThat(stored.get("bodyType").asText()).isEqualTo(Link.class.getName());

        healthy("/link-flaky");
        JsonNode replayed = api("POST", "/api/dead-letters/" + stored.get("deadLetter").get("id").asLong() + "/replay")
                .json();

        assertThat(replayed.get("status").asText()).isEqualTo("replayed");
        wireMock.verify(1, postRequestedFor(urlEqualTo("/link-flaky")).withRequestBody(equalTo(link.id())));
    }

    @Test
    void bulkReplayDeliversEveryPendingDeadLetterOfTheRoute() throws Exception {
        for (int i = 0; i < 3; i++) {
            producer.sendBody("direct:test.flaky", "prompt " + i);
        }
        healthy("/flaky");

        JsonNode counts = api("POST", "/api/dead-letters/replay?route=test.flaky").json();

        assertThat(counts.get("replayed").asInt()).isEqualTo(3);
        assertThat(counts.get("failed").asInt()).isZero();
        for (int i = 0; i < 3; i++) {
            wireMock.verify(1, postRequestedFor(urlEqualTo("/flaky")).withRequestBody(equalTo("prompt " + i)));
        }
        assertThat(api("GET", "/api/dead-letters?route=test.flaky&status=pending").json().get("total").asLong()).isZero();
        assertThat(api("GET", "/api/dead-letters?route=test.flaky&status=replayed").json().get("total").asLong())
                .isEqualTo(3);
    }

    @Test
    void deleteRemovesOneAndUnknownIdsAre404() throws Exception {
        producer.sendBody("direct:test.flaky", "to delete");
        long id = onlyDeadLetter("test.flaky").get("id").asLong();

        assertThat(api("DELETE", "/api/dead-letters/" + id).status()).isEqualTo(204);

        for (Response gone : List.of(api("DELETE", "/api/dead-letters/" + id), api("GET", "/api/dead-letters/" + id),
                api("POST", "/api/dead-letters/" + id + "/replay"))) {
            assertThat(gone.status()).isEqualTo(404);
            assertThat(gone.contentType()).startsWith("application/problem+json");
            assertThat(gone.body()).contains("No dead letter " + id);
        }
    }

    @Test
    void replayIsRefusedForARouteThatIsGoneOrNotFedByDirect() throws Exception {
        long gone = insertDeadLetter("test.removed-route");
        long quartz = insertDeadLetter("detect.poll-links");

        Response goneReplay = api("POST", "/api/dead-letters/" + gone + "/replay");
        Response quartzReplay = api("POST", "/api/dead-letters/" + quartz + "/replay");

        assertThat(goneReplay.status()).isEqualTo(409);
        assertThat(goneReplay.contentType()).startsWith("application/problem+json");
        assertThat(goneReplay.body()).contains("no longer exists");
        assertThat(quartzReplay.status()).isEqualTo(409);
        assertThat(quartzReplay.body()).contains("quartz");
        assertThat(api("GET", "/api/dead-letters/" + gone).json().get("deadLetter").get("status").asText())
                .isEqualTo("pending");
    }

    @Test
    void healthIsDegradedWhileDeadLettersWaitAndMetricsCountThemByRoute() throws Exception {
        assertThat(health("/actuator/health/deadLetters").get("status").asText()).isEqualTo("UP");

        producer.sendBody("direct:test.flaky", "one");
        producer.sendBody("direct:test.flaky", "two");

        Response overall = api("GET", "/actuator/health");
        assertThat(overall.status()).isEqualTo(200);
        assertThat(overall.json().get("status").asText()).isEqualTo("DEGRADED");
        JsonNode deadLetters = health("/actuator/health/deadLetters");
        assertThat(deadLetters.get("status").asText()).isEqualTo("DEGRADED");
        assertThat(deadLetters.get("details").get("pendingByRoute").get("test.flaky").asInt()).isEqualTo(2);
        assertThat(health("/actuator/health/readiness").get("status").asText()).isEqualTo("UP");
        String metrics = prometheus();
        assertThat(metrics).containsPattern("relink_dead_letters_total\\{[^}]*route=\"test.flaky\"[^}]*} [1-9]");
        assertThat(metrics).containsPattern("relink_dead_letters_pending\\{[^}]*route=\"test.flaky\"[^}]*} 2.0");

        healthy("/flaky");
        api("POST", "/api/dead-letters/replay?route=test.flaky");

        assertThat(health("/actuator/health/deadLetters").get("status").asText()).isEqualTo("UP");
        assertThat(prometheus())
                .containsPattern("relink_dead_letters_pending\\{[^}]*route=\"test.flaky\"[^}]*} 0.0");
    }

    @Test
    void belvo401InAFlowIsOneCallAndOneDeadLetterThatReplaysOnceBelvoIsFixed() throws Exception {
        wireMock.stubFor(get(LINK_PATH).willReturn(aResponse().withStatus(401).withHeader("Content-Type",
                "application/json").withBody("[{\"code\":\"authentication_failed\",\"message\":\"Invalid Secret Keys\","
                        + "\"request_id\":\"5c09677ecf78e1d4501547252a0c4e77\"}]")));

        producer.sendBodyAndHeader("direct:test.belvo-flow", null, "linkId", LINK_ID);

        wireMock.verify(1, getRequestedFor(urlEqualTo(LINK_PATH)));
        JsonNode deadLetter = onlyDeadLetter("test.belvo-flow");
        assertThat(deadLetter.get("attempts").asInt()).isEqualTo(1);
        assertThat(deadLetter.get("exceptionClass").asText()).isEqualTo("dev.relink.belvo.BelvoApiException");
        assertThat(deadLetter.get("exceptionMessage").asText()).contains("401 authentication_failed",
                "5c09677ecf78e1d4501547252a0c4e77");
        JsonNode health = health("/actuator/health/deadLetters");
        assertThat(health.get("status").asText()).isEqualTo("DEGRADED");
        assertThat(health.get("details").get("pendingByRoute").get("test.belvo-flow").asInt()).isEqualTo(1);

        wireMock.resetAll();
        wireMock.stubFor(get(LINK_PATH).willReturn(aResponse().withStatus(200).withHeader("Content-Type",
                "application/json").withBody("{\"id\":\"" + LINK_ID + "\",\"status\":\"valid\"}")));
        wireMock.stubFor(post("/link-status").willReturn(aResponse().withStatus(204)));
        JsonNode replayed = api("POST", "/api/dead-letters/" + deadLetter.get("id").asLong() + "/replay").json();

        assertThat(replayed.get("status").asText()).isEqualTo("replayed");
        wireMock.verify(1, postRequestedFor(urlEqualTo("/link-status")).withRequestBody(equalTo("valid")));
        assertThat(health("/actuator/health/deadLetters").get("status").asText()).isEqualTo("UP");
    }

    @Test
    void belvo500TwiceThenOkInARealFlowRecoversWithoutADeadLetter() throws Exception {
        Incident incident = lifecycle.open(new Signal(LINK_ID, "user-4001", "heimdall_mx_retail",
                Signal.TOKEN_REQUIRED, Signal.POLL, null, null));
        wireMock.stubFor(BelvoLinkListing.stub(BELVO_BASE_PATH));
        wireMock.stubFor(get(LINK_PATH).inScenario("flaky").whenScenarioStateIs(STARTED)
                .willReturn(aResponse().withStatus(500)).willSetStateTo("again"));
        wireMock.stubFor(get(LINK_PATH).inScenario("flaky").whenScenarioStateIs("again")
                .willReturn(aResponse().withStatus(500)).willSetStateTo("fixed"));
        wireMock.stubFor(get(LINK_PATH).inScenario("flaky").whenScenarioStateIs("fixed")
                .willReturn(aResponse().withStatus(200).withHeader("Content-Type", "application/json")
                        .withBody("{\"id\":\"" + LINK_ID + "\",\"status\":\"valid\"}")));
        double retriesBefore = belvoRetries();

        producer.sendBody("direct:detect.recheck", List.of(LINK_ID));

        assertThat(BelvoLinkListing.reads(wireMock)).hasSize(3);
        assertThat(belvoRetries() - retriesBefore).isEqualTo(2.0);
        assertThat(incidents.find(incident.id()).orElseThrow().state()).isEqualTo(IncidentState.RESOLVED);
        assertThat(api("GET", "/api/dead-letters").json().get("total").asLong()).isZero();
        assertThat(prometheus())
                .contains("relink_belvo_retries_total{application=\"relink\",route=\"belvo.get-links\",status=\"500\"}");
    }

    @Test
    void aReplayedReCheckBatchReadsAgainTheLinksItsListingHadShown() throws Exception {
        String listedId = UUID.randomUUID().toString();
        Incident listed = lifecycle.open(new Signal(listedId, "user-4101", "heimdall_mx_retail", Signal.TOKEN_REQUIRED,
                Signal.POLL, null, null));
        Incident toRead = lifecycle.open(new Signal(LINK_ID, "user-4102", "heimdall_mx_retail", Signal.TOKEN_REQUIRED,
                Signal.WEBHOOK, null, null));
        wireMock.stubFor(BelvoLinkListing.stub(BELVO_BASE_PATH));
        wireMock.stubFor(get(LINK_PATH).willReturn(aResponse().withStatus(401).withHeader("Content-Type",
                "application/json").withBody("[{\"code\":\"authentication_failed\",\"message\":\"Invalid Secret Keys\"}]")));
        // a batch as the poll queues it: one link its listing just showed (no read of its own), one to read
        Link shown = json.readValue("{\"id\":\"" + listedId + "\",\"status\":\"token_required\"}", Link.class);

        producer.sendBody("direct:detect.recheck", List.of(shown, LINK_ID));

        JsonNode deadLetter = onlyDeadLetter("detect.recheck");
        wireMock.resetAll();
        wireMock.stubFor(BelvoLinkListing.stub(BELVO_BASE_PATH));
        for (String id : List.of(listedId, LINK_ID)) {
            wireMock.stubFor(get(BELVO_BASE_PATH + "/api/links/" + id + "/").willReturn(aResponse().withStatus(200)
                    .withHeader("Content-Type", "application/json").withBody("{\"id\":\"" + id + "\",\"status\":\"valid\"}")));
        }
        api("POST", "/api/dead-letters/" + deadLetter.get("id").asLong() + "/replay");

        // the listed link is read again (the listing that showed it is long gone) and both are settled
        assertThat(incidents.find(listed.id()).orElseThrow().state()).isEqualTo(IncidentState.RESOLVED);
        assertThat(incidents.find(toRead.id()).orElseThrow().state()).isEqualTo(IncidentState.RESOLVED);
    }

    private double belvoRetries() {
        Counter counter = meters.find("relink.belvo.retries").tag("route", "belvo.get-links").tag("status", "500")
                .counter();
        return counter == null ? 0 : counter.count();
    }

    @Test
    void badRequestsGetProblemJson() throws Exception {
        for (String query : List.of("?page=-1", "?page=abc", "?size=0", "?size=1000", "?status=lost")) {
            Response bad = api("GET", "/api/dead-letters" + query);
            assertThat(bad.status()).as(query).isEqualTo(400);
            assertThat(bad.contentType()).as(query).startsWith("application/problem+json");
        }
        assertThat(api("GET", "/api/dead-letters/not-a-number").status()).isEqualTo(400);
        HttpResponse<String> anonymous = http.send(HttpRequest.newBuilder(uri("/api/dead-letters")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(anonymous.statusCode()).isEqualTo(401);
        assertThat(anonymous.headers().firstValue("Content-Type")).hasValueSatisfying(
                type -> assertThat(type).startsWith("application/problem+json"));
    }

    private JsonNode onlyDeadLetter(String route) throws Exception {
        JsonNode list = api("GET", "/api/dead-letters?route=" + route).json();
        assertThat(list.get("total").asLong()).as("dead letters of " + route).isEqualTo(1);
        return list.get("items").get(0);
    }

    private long insertDeadLetter(String route) {
        jdbc.sql("insert into dead_letter (route_id, body, body_type, headers, attempts, first_failed_at, "
                + "last_failed_at, status) values (?, 'x', 'java.lang.String', '{}', 1, current_timestamp, "
                + "current_timestamp, 'pending')").param(route).update();
        return jdbc.sql("select max(id) from dead_letter").query(Long.class).single();
    }

    private static void failing(String path) {
        wireMock.stubFor(post(path).willReturn(aResponse().withStatus(500).withBody("down")));
    }

    private static void healthy(String path) {
        wireMock.resetAll();
        wireMock.stubFor(post(path).willReturn(aResponse().withStatus(200).withBody("ok")));
    }

    /** A health path as ops see it, with its components' details. */
    private JsonNode health(String path) throws Exception {
        if (ops == null) {
            ops = OpsSession.logIn(port); // once: a login is a password hash
        }
        return ops.health(path);
    }

    private String prometheus() throws Exception {
        return new RelinkHttp(port).send(new RelinkHttp(port).scrape("/actuator/prometheus")).body();
    }

    record Response(int status, String contentType, String body, ObjectMapper mapper) {
        JsonNode json() throws Exception {
            return mapper.readTree(body);
        }
    }

    private Response api(String method, String path) throws Exception {
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(uri(path))
                .header("Authorization", "Bearer " + API_KEY)
                .method(method, HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
        return new Response(response.statusCode(), response.headers().firstValue("Content-Type").orElse(""),
                response.body(), json);
    }

    private URI uri(String path) {
        return URI.create("http://localhost:" + port + path);
    }
}
