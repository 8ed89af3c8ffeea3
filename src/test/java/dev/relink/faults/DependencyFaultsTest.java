package dev.relink.faults;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;
import static com.github.tomakehurst.wiremock.stubbing.Scenario.STARTED;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.tomakehurst.wiremock.client.MappingBuilder;
import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.stubbing.StubMapping;
import com.icegreen.greenmail.util.GreenMail;
import jakarta.mail.internet.MimeMessage;
import org.apache.camel.ProducerTemplate;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.jdbc.core.JdbcTemplate;

import dev.relink.belvo.WireMockBelvoTest;
import dev.relink.channel.MailSettings;
import dev.relink.support.BelvoLinkListing;
import dev.relink.support.Mails;
import dev.relink.support.OpsSession;
import dev.relink.support.RelinkHttp;
import dev.relink.support.ScriptedSmtpServer;
import dev.relink.support.Timers;

/**
 * Proof under faults: the whole app, with Belvo and Twilio as WireMocks that fail on demand and the app's
 * embedded SMTP server (GreenMail), which this test stops (and replaces by scripted servers on its port) and
 * starts again, for itself and for the classes after it that share the app ({@link WireMockBelvoTest}'s one
 * context). Retries are the base's short ones ({@link #BELVO_REDELIVERIES} for Belvo, {@link #FLOW_REDELIVERIES}
 * for mail, SMS and the flows); every test checks that nothing is lost and nothing goes out twice.
 */
class DependencyFaultsTest extends WireMockBelvoTest {

    static final String TWILIO_MESSAGES = "/2010-04-01/Accounts/" + TWILIO_SID + "/Messages.json";
    static final String LINKS = BELVO_BASE_PATH + "/api/links/";
    static final ObjectMapper JSON = new ObjectMapper();

    @Value("${local.server.port}")
    int port;
    @Autowired
    MailSettings mail;

    @Value("${relink.mail.port}")
    int smtpPort;
    @Autowired
    JdbcTemplate jdbc;
    @Autowired
    ProducerTemplate producer;
    /** The app's embedded SMTP server, on {@link #smtpPort}. */
    @Autowired
    GreenMail smtp;

    final HttpClient http = HttpClient.newHttpClient();

    @BeforeEach
    void healthyDependencies() {
        wireMock.resetAll();
        twilio.resetAll();
        wireMock.stubFor(brokenLink(get(urlPathMatching(LINKS + "[^/]+/"))).atPriority(10));
        wireMock.stubFor(BelvoLinkListing.stub(BELVO_BASE_PATH));
        smtpRunning();
    }

    /** The app's SMTP server runs again after a test that stopped it, for the next test and the next class. */
    @AfterEach
    void smtpRunning() {
        if (!smtp.isRunning()) {
            smtp.start();
        }
    }

    @Test
    void belvoFailingTwiceWith500IsRetriedTheFlowGoesOnAndTheRetriesAreCounted() throws Exception {
        String user = "retry-" + UUID.randomUUID();
        String link = UUID.randomUUID().toString();
        putContact(user, "{\"email\": \"" + user + "@faults.example\"}");
        String linkPath = LINKS + link + "/";
        wireMock.stubFor(get(urlPathEqualTo(linkPath)).inScenario(link).whenScenarioStateIs(STARTED).atPriority(1)
                .willReturn(belvoError(500, "unexpected_error")).willSetStateTo("failed once"));
        wireMock.stubFor(get(urlPathEqualTo(linkPath)).inScenario(link).whenScenarioStateIs("failed once").atPriority(1)
                .willReturn(belvoError(500, "unexpected_error")).willSetStateTo("recovered"));
        double retriesBefore = metric("relink_belvo_retries_total", "status=\"500\"");

        assertThat(webhook(link, user).statusCode()).isEqualTo(202);

        await().atMost(Duration.ofSeconds(30)).until(() -> smtp.getReceivedMessagesForDomain(user + "@faults.example").length == 1);
        assertThat(incident(link).path("state").asText()).isEqualTo("prompting");
        assertThat(metric("relink_belvo_retries_total", "status=\"500\"") - retriesBefore).isEqualTo(2);
        // two refusals, then the re-check that went through; step 0 goes out on that read, without another
        assertThat(wireMock.findAll(getRequestedFor(urlPathEqualTo(linkPath)))).hasSize(3);
        assertThat(deadLetters(null, link)).isEmpty();
    }

    @Test
    void belvoRefusingTheKeysWith401IsNotRetriedAndLeavesOneDeadLetterThatHealthShows() throws Exception {
        String link = UUID.randomUUID().toString();
        String linkPath = LINKS + link + "/";
        StubMapping refused = wireMock.stubFor(get(urlPathEqualTo(linkPath)).atPriority(1)
                .willReturn(belvoError(401, "authentication_failed")));

        assertThat(webhook(link, "user-" + link).statusCode()).isEqualTo(202);

        await().atMost(Duration.ofSeconds(30)).until(() -> deadLetters("detect.recheck", link).size() == 1);
        assertThat(wireMock.findAll(getRequestedFor(urlPathEqualTo(linkPath)))).as("no retry storm").hasSize(1);
        JsonNode letter = deadLetters("detect.recheck", link).get(0);
        assertThat(letter.path("exceptionClass").asText()).isEqualTo("dev.relink.belvo.BelvoApiException");
        assertThat(letter.path("attempts").asInt()).isEqualTo(1);
        assertThat(incident(link).path("state").asText()).as("not prompted on a re-check that failed").isEqualTo("open");

        JsonNode health = OpsSession.logIn(port).health("/actuator/health");
        assertThat(health.path("components").path("deadLetters").path("status").asText()).isEqualTo("DEGRADED");
        assertThat(health.path("components").path("deadLetters").path("details").path("pendingByRoute")
                .path("detect.recheck").asInt()).isGreaterThanOrEqualTo(1);
        // Nothing lost: once the keys are fixed, replaying the dead letter re-runs the re-check.
        wireMock.removeStub(refused);
        HttpResponse<String> replay = send(api("/api/dead-letters/" + letter.path("id").asLong() + "/replay")
                .POST(HttpRequest.BodyPublishers.noBody()));
        assertThat(replay.statusCode()).as(replay.body()).isEqualTo(200);
        assertThat(JSON.readTree(replay.body()).path("status").asText()).isEqualTo("replayed");
        // handed to prompting, which parks it: nobody can be contacted for this user
        await().atMost(Duration.ofSeconds(30)).until(() -> "no_contact".equals(incident(link).path("state").asText()));
        assertThat(wireMock.findAll(getRequestedFor(urlPathEqualTo(linkPath)))).hasSizeGreaterThan(1);
    }

    @Test
    void smtpStoppedDuringABurstOf200PromptsThenReplayedDeliversEachExactlyOnce() throws Exception {
        int burst = 200;
        String run = UUID.randomUUID().toString().substring(0, 8);
        List<String> links = new ArrayList<>();
        for (int i = 0; i < burst; i++) {
            putContact("burst-" + run + "-" + i, "{\"email\": \"" + email(run, i) + "\"}");
            links.add(UUID.randomUUID().toString());
        }

        CompletableFuture<List<Integer>> reported = CompletableFuture.supplyAsync(() -> IntStream.range(0, burst)
                .mapToObj(i -> linkError(links.get(i), "burst-" + run + "-" + i)).toList());
        await().atMost(Duration.ofSeconds(60)).until(() -> ofRun(run, smtp.getReceivedMessages()).size() >= 20);
        smtp.getSmtp().stopService(); // the port closes; what it received stays readable
        List<MimeMessage> beforeStop = ofRun(run, smtp.getReceivedMessages());
        smtp.stop(); // and what it received goes with it
        assertThat(reported.get()).hasSize(burst).containsOnly(202);

        // Every prompt is either sent or, after its retries, failed with its message dead-lettered.
        await().atMost(Duration.ofSeconds(60)).until(() -> settled(links) == burst);
        List<JsonNode> letters = deadLetters("prompt.send-email", run);
        long failed = deliveries(links).stream().filter(d -> "failed".equals(d.get("status"))).count();
        assertThat(failed).as("the SMTP outage hit the burst").isGreaterThan(0);
        assertThat(letters).hasSize((int) failed);
        assertThat(letters).allSatisfy(l -> assertThat(l.path("attempts").asInt()).isEqualTo(FLOW_REDELIVERIES + 1));

        // SMTP cannot tell the app whether a message the server stored as it stopped was taken: no 250
        // came back (RFC 1047). Those prompts failed and are dead-lettered like the rest.
        Set<String> neverAcknowledged = deliveries(links).stream().filter(d -> "failed".equals(d.get("status")))
                .map(d -> email(run, links.indexOf((String) d.get("link_id")))).collect(Collectors.toSet());

        smtp.start();
        HttpResponse<String> replay = send(api("/api/dead-letters/replay?route=prompt.send-email")
                .POST(HttpRequest.BodyPublishers.noBody()));
        assertThat(replay.statusCode()).as(replay.body()).isEqualTo(200);
        assertThat(JSON.readTree(replay.body()).path("replayed").asInt()).isEqualTo(letters.size());

        // The replay queues each message again (prompt.send-email reads a queue); all of them arrive.
        await().atMost(Duration.ofSeconds(60)).until(() -> ofRun(run, smtp.getReceivedMessages()).size() >= letters.size()
                && settled(links) == burst && deliveries(links).stream().allMatch(d -> "sent".equals(d.get("status"))));
        List<MimeMessage> all = new ArrayList<>(beforeStop);
        all.addAll(ofRun(run, smtp.getReceivedMessages()));
        Map<String, Long> perRecipient = all.stream().map(Mails::recipient)
                .filter(r -> r.contains("-" + run + "-"))
                .collect(Collectors.groupingBy(Function.identity(), Collectors.counting()));
        assertThat(perRecipient).hasSize(burst);
        // Each prompt the server acknowledged arrived once; only one it never acknowledged may arrive a second time.
        assertThat(perRecipient).allSatisfy((recipient, copies) -> assertThat(copies == 1
                || copies == 2 && neverAcknowledged.contains(recipient)).as("%s: %d", recipient, copies).isTrue());
        long secondCopies = perRecipient.values().stream().filter(copies -> copies > 1).count();
        assertThat(secondCopies).as("at most one in flight on each connection when the server stopped")
                .isLessThanOrEqualTo(mail.connections());
        List<Map<String, Object>> rows = deliveries(links);
        assertThat(rows).hasSize(burst).allSatisfy(d -> assertThat(d.get("status")).isEqualTo("sent"));
        assertThat(rows.stream().map(d -> d.get("incident_id")).distinct()).hasSize(burst);
        // each delivery names the email the server acknowledged; a copy it never acknowledged is the only extra
        List<String> received = all.stream().filter(m -> Mails.recipient(m).contains("-" + run + "-"))
                .map(Mails::messageId).toList();
        List<Object> recorded = rows.stream().map(d -> d.get("provider_id")).toList();
        assertThat(recorded).doesNotHaveDuplicates();
        assertThat(received).containsAll(recorded.stream().map(String.class::cast).toList())
                .hasSize(burst + (int) secondCopies);
    }

    @Test
    void aBusySmtpServerIsWaitedOutAndEveryPromptArrivesOnceWithoutADeadLetter() throws Exception {
        smtp.stop(); // the app's open connections to it break: they are reopened to the busy server
        try (ScriptedSmtpServer busy = ScriptedSmtpServer.start(smtpPort)) {
            // 421 for longer than policy smtp's retries here (FLOW_REDELIVERIES, 10 then 20 ms apart) take to give up
            busy.busyFor(Duration.ofMillis(1500));
            String run = UUID.randomUUID().toString().substring(0, 8);
            List<String> links = prompt(run, 12);

            await().atMost(Duration.ofSeconds(60)).until(() -> settled(links) == links.size());

            assertThat(busy.busyAnswers()).as("the server was busy").isPositive();
            assertThat(deliveries(links)).allSatisfy(d -> assertThat(d.get("status")).isEqualTo("sent"));
            assertThat(IntStream.range(0, links.size()).mapToLong(i -> busy.received(email(run, i)))).containsOnly(1L);
            assertThat(deadLetters("prompt.send-email", run)).isEmpty();
        }
    }

    @Test
    void anSmtpServerRefusingOneRecipientFailsThatPromptAloneAtOnceWithoutADeadLetter() throws Exception {
        smtp.stop();
        try (ScriptedSmtpServer server = ScriptedSmtpServer.start(smtpPort)) {
            String run = UUID.randomUUID().toString().substring(0, 8);
            server.refuse(email(run, 0), "550 5.1.1 <" + email(run, 0) + ">: Recipient address rejected: User unknown");
            List<String> links = prompt(run, 5);

            await().atMost(Duration.ofSeconds(60)).until(() -> settled(links) == links.size());

            Map<String, Object> refused = jdbc.queryForMap("select d.status, d.error from prompt_delivery d join incident i"
                    + " on i.id = d.incident_id where i.link_id = ?", links.get(0));
            assertThat(refused.get("status")).isEqualTo("failed");
            assertThat((String) refused.get("error")).contains("550 5.1.1").doesNotContain(email(run, 0));
            assertThat(server.recipientTried(email(run, 0))).as("refused for good: not retried").isEqualTo(1);
            assertThat(IntStream.range(1, links.size()).mapToLong(i -> server.received(email(run, i)))).containsOnly(1L);
            assertThat(deliveries(links.subList(1, links.size())))
                    .allSatisfy(d -> assertThat(d.get("status")).isEqualTo("sent"));
            assertThat(deadLetters("prompt.send-email", run)).isEmpty();
        }
    }

    /** A contact with an email and a broken link for each of {@code count} users of the run; their links. */
    private List<String> prompt(String run, int count) throws Exception {
        List<String> links = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            putContact("burst-" + run + "-" + i, "{\"email\": \"" + email(run, i) + "\"}");
            links.add(UUID.randomUUID().toString());
        }
        for (int i = 0; i < count; i++) {
            assertThat(linkError(links.get(i), "burst-" + run + "-" + i)).isEqualTo(202);
        }
        return links;
    }

    @Test
    void twilioFailingWith500IsRetriedThenDeadLetteredAndTheReplayDeliversOnce() throws Exception {
        String user = "sms-" + UUID.randomUUID();
        String link = UUID.randomUUID().toString();
        String phone = "+52155" + String.format("%08d", Math.floorMod(link.hashCode(), 100_000_000));
        putContact(user, "{\"phone\": \"" + phone + "\", \"channel\": \"sms\"}");
        twilio.stubFor(post(urlEqualTo(TWILIO_MESSAGES)).willReturn(aResponse().withStatus(500)
                .withHeader("Content-Type", "application/json").withBody("{\"code\": 20500, \"message\": \"Internal Server Error\"}")));

        assertThat(linkError(link, user)).isEqualTo(202);

        await().atMost(Duration.ofSeconds(30)).until(() -> deadLetters("prompt.send-sms", link).size() == 1);
        assertThat(twilio.findAll(postRequestedFor(urlEqualTo(TWILIO_MESSAGES)))).as("first attempt and each retry")
                .hasSize(FLOW_REDELIVERIES + 1);
        await().atMost(Duration.ofSeconds(10)).until(() -> "failed".equals(deliveries(List.of(link)).get(0).get("status")));

        String sid = "SM" + UUID.randomUUID().toString().replace("-", "");
        twilio.resetAll();
        twilio.stubFor(post(urlEqualTo(TWILIO_MESSAGES)).willReturn(aResponse().withStatus(201)
                .withHeader("Content-Type", "application/json").withBody("{\"sid\": \"" + sid + "\", \"status\": \"queued\"}")));
        JsonNode letter = deadLetters("prompt.send-sms", link).get(0);
        assertThat(letter.path("attempts").asInt()).isEqualTo(FLOW_REDELIVERIES + 1);
        HttpResponse<String> replay = send(api("/api/dead-letters/" + letter.path("id").asLong() + "/replay")
                .POST(HttpRequest.BodyPublishers.noBody()));
        assertThat(replay.statusCode()).as(replay.body()).isEqualTo(200);

        await().atMost(Duration.ofSeconds(30)).until(() -> "queued".equals(deliveries(List.of(link)).get(0).get("status")));
        assertThat(twilio.findAll(postRequestedFor(urlEqualTo(TWILIO_MESSAGES)))).as("one message created").hasSize(1);
        assertThat(deliveries(List.of(link))).singleElement().satisfies(d -> {
            assertThat(d.get("status")).isEqualTo("queued");
            assertThat(d.get("provider_id")).isEqualTo(sid);
        });
    }

    @Test
    void belvoFailingBeforeAReminderPutsTheFailureOnTheTimelineAndTheStepWaitsForALaterTick() throws Exception {
        String user = "reminder-" + UUID.randomUUID();
        String link = UUID.randomUUID().toString();
        putContact(user, "{\"email\": \"" + user + "@faults.example\"}");
        assertThat(webhook(link, user).statusCode()).isEqualTo(202);
        await().atMost(Duration.ofSeconds(30)).until(() -> smtp.getReceivedMessagesForDomain(user + "@faults.example").length == 1);
        wireMock.stubFor(get(urlPathEqualTo(LINKS + link + "/")).atPriority(1)
                .willReturn(belvoError(401, "authentication_failed")));

        // the reminder is due now: the ladder's tick claims it and reads its link before sending
        jdbc.update("update incident set next_prompt_at = current_timestamp where link_id = ?", link);
        Timers.ladderTick(producer);

        await().atMost(Duration.ofSeconds(30)).until(() -> timelineTypes(link).contains("prompt_error"));
        assertThat(timelineDetail(link, "prompt_error")).contains("Belvo read before the step failed", "401");
        assertThat(incident(link).path("state").asText()).isEqualTo("prompting");
        assertThat(smtp.getReceivedMessagesForDomain(user + "@faults.example")).as("nothing sent on a failed read")
                .hasSize(1);
        assertThat(jdbc.queryForObject("select count(*) from prompt_delivery d join incident i on i.id = d.incident_id"
                + " where i.link_id = ?", Integer.class, link)).isEqualTo(1);
    }

    private List<String> timelineTypes(String link) throws Exception {
        List<String> types = new ArrayList<>();
        timeline(link).forEach(event -> types.add(event.path("type").asText()));
        return types;
    }

    private String timelineDetail(String link, String type) throws Exception {
        for (JsonNode event : timeline(link)) {
            if (type.equals(event.path("type").asText())) {
                return event.path("detail").asText();
            }
        }
        return "";
    }

    private JsonNode timeline(String link) throws Exception {
        String id = incident(link).path("id").asText();
        return JSON.readTree(send(api("/api/incidents/" + id)).body()).path("timeline");
    }

    // --- helpers: the app over real HTTP, as Belvo, the app's backend and ops reach it ---

    /** The messages of a run's recipients: the app's SMTP server keeps those of the other classes too. */
    private static List<MimeMessage> ofRun(String run, MimeMessage[] received) {
        return Arrays.stream(received).filter(m -> Mails.recipient(m).contains("-" + run + "-")).toList();
    }

    private static MappingBuilder brokenLink(MappingBuilder request) {
        return request.willReturn(aResponse().withStatus(200).withHeader("Content-Type", "application/json")
                .withTransformers("response-template")
                .withBody("{\"id\": \"{{request.path.[3]}}\", \"institution\": \"heimdall_mx_retail\","
                        + " \"access_mode\": \"recurrent\", \"status\": \"token_required\","
                        + " \"created_at\": \"2024-03-01T14:02:33.118204Z\", \"refresh_rate\": \"7d\"}"));
    }

    private static ResponseDefinitionBuilder belvoError(int status, String code) {
        return aResponse().withStatus(status).withHeader("Content-Type", "application/json")
                .withBody("[{\"code\": \"" + code + "\", \"message\": \"fault injected by the test\","
                        + " \"request_id\": \"" + UUID.randomUUID() + "\"}]");
    }

    private HttpResponse<String> webhook(String link, String externalId) throws Exception {
        String body = "{\"webhook_id\": \"" + UUID.randomUUID() + "\", \"webhook_type\": \"LINK\","
                + " \"process_type\": \"recurrent_update\", \"webhook_code\": \"token_required\", \"link_id\": \"" + link
                + "\", \"request_id\": \"" + UUID.randomUUID() + "\", \"external_id\": \"" + externalId + "\","
                + " \"data\": {\"error_code\": \"token_required\", \"status\": 428}}";
        return send(HttpRequest.newBuilder(uri("/webhooks/belvo")).header("Authorization", WEBHOOK_AUTHORIZATION)
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body)));
    }

    private int linkError(String link, String externalId) {
        try {
            return send(api("/api/link-errors").header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString("{\"link_id\": \"" + link + "\", \"status\": 428,"
                            + " \"code\": \"token_required\", \"external_id\": \"" + externalId + "\"}"))).statusCode();
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    private void putContact(String externalId, String json) throws Exception {
        HttpResponse<String> saved = send(api("/api/contacts/" + externalId).header("Content-Type", "application/json")
                .PUT(HttpRequest.BodyPublishers.ofString(json)));
        assertThat(saved.statusCode()).as(saved.body()).isIn(200, 201);
    }

    private JsonNode incident(String link) throws Exception {
        JsonNode items = JSON.readTree(send(api("/api/incidents?link_id=" + link)).body()).path("items");
        return items.isEmpty() ? JSON.createObjectNode() : items.get(0);
    }

    /** Dead letters (of one route, or all) whose stored body or headers contain the text. */
    private List<JsonNode> deadLetters(String route, String text) throws Exception {
        List<JsonNode> found = new ArrayList<>();
        for (int page = 0;; page++) {
            JsonNode listed = JSON.readTree(send(api("/api/dead-letters?size=200&page=" + page
                    + (route == null ? "" : "&route=" + route))).body());
            for (JsonNode item : listed.path("items")) {
                String detail = send(api("/api/dead-letters/" + item.path("id").asLong())).body();
                if (detail.contains(text)) {
                    found.add(item);
                }
            }
            if ((page + 1) * 200L >= listed.path("total").asLong()) {
                return found;
            }
        }
    }

    private long settled(List<String> links) {
        return deliveries(links).stream().filter(d -> "sent".equals(d.get("status")) || "failed".equals(d.get("status")))
                .count();
    }

    private List<Map<String, Object>> deliveries(List<String> links) {
        String in = links.stream().map(l -> "'" + l + "'").collect(Collectors.joining(","));
        return jdbc.queryForList("select d.incident_id, d.step, d.status, d.provider_id, i.link_id from prompt_delivery d"
                + " join incident i on i.id = d.incident_id where i.link_id in (" + in + ")").stream()
                .map(row -> row.entrySet().stream().collect(Collectors.toMap(e -> e.getKey().toLowerCase(),
                        e -> e.getValue() == null ? "" : e.getValue())))
                .map(row -> (Map<String, Object>) row).toList();
    }

    private double metric(String name, String label) throws Exception {
        return send(HttpRequest.newBuilder(uri("/actuator/prometheus"))
                .header("Authorization", RelinkHttp.scrapeAuthorization())).body().lines()
                .filter(l -> l.startsWith(name + "{") && l.contains(label))
                .mapToDouble(l -> Double.parseDouble(l.substring(l.lastIndexOf(' ') + 1))).sum();
    }

    private static String email(String run, int i) {
        return "burst-" + run + "-" + i + "@faults.example";
    }



    private URI uri(String path) {
        return URI.create("http://localhost:" + port + path);
    }

    private HttpRequest.Builder api(String path) {
        return HttpRequest.newBuilder(uri(path)).header("Authorization", "Bearer " + API_KEY);
    }

    private HttpResponse<String> send(HttpRequest.Builder request) throws Exception {
        return http.send(request.timeout(Duration.ofSeconds(60)).build(), HttpResponse.BodyHandlers.ofString());
    }
}
