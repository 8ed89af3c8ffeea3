package dev.relink.detect;

import java.util.List;
import java.util.function.Predicate;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.quartz.Scheduler;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.jdbc.core.JdbcTemplate;

import dev.relink.belvo.WireMockBelvoTest;
import dev.relink.support.BelvoStub;
import dev.relink.support.Timers;
import dev.relink.support.WebhookClient;

/**
 * The whole app with Belvo played by WireMock, so each test decides what Belvo says about a link: the detect
 * classes' view of {@link WireMockBelvoTest} (the same cached context, nothing of its own), with Belvo as a
 * {@link BelvoStub} under the base's {@link #BELVO_BASE_PATH}. The base's other classes reset that WireMock, so
 * the stub's baseline (the bulk read, healthy institutions) is stubbed again before each class; a class here
 * never resets it. Belvo webhooks here authenticate with Basic (the header is compared whole, whatever its
 * scheme); the re-check batches these tests count are those of production's lull (1 s). The poll's cron is far
 * in the future: tests fire it themselves through Quartz. The templates the app reads (and watches) are the
 * base's copy of the shipped ones, {@link #TEMPLATES}, that a test may edit and puts back (SignalTableTest).
 */
abstract class BelvoStubbedTest extends WireMockBelvoTest {

    static final String BASIC_WEBHOOK_AUTHORIZATION = WEBHOOK_AUTHORIZATION;
    static final BelvoStub BELVO = new BelvoStub(wireMock, BELVO_BASE_PATH);
    static final ObjectMapper JSON = Incidents.JSON;

    @BeforeAll
    static void belvoBaseline() {
        BELVO.baseline();
    }

    @Value("${local.server.port}")
    int port;

    @Autowired
    JdbcTemplate jdbc;

    @Autowired
    Scheduler quartz;

    WebhookClient client;

    @BeforeEach
    void client() {
        client = new WebhookClient(port);
    }

    static JsonNode json(String body) {
        return Incidents.json(body);
    }

    JsonNode api(String path) {
        return Incidents.api(client, path);
    }

    /** The link's incidents, newest first. */
    List<JsonNode> incidentsOf(String linkId) {
        return Incidents.of(client, linkId);
    }

    /** The link's newest incident, with its timeline, once it exists and matches. */
    JsonNode awaitIncident(String linkId, Predicate<JsonNode> until) {
        return Incidents.awaitIncident(client, linkId, until);
    }

    static boolean closed(JsonNode incident) {
        return Incidents.closed(incident);
    }

    /** Belvo confirmed the link still needs its user: handed to prompting (or waiting for it to exist). */
    static boolean handedOn(JsonNode incident) {
        return Incidents.handedOn(incident);
    }

    static List<String> timelineTypes(JsonNode incident) {
        return Incidents.timelineTypes(incident);
    }

    static String webhook(String webhookId, String type, String code, String linkId) {
        return WebhookIntakeTest.event(webhookId, type, code, linkId);
    }

    /**
     * A link whose webhook handed its incident to prompting, and that Belvo now reports valid: no listing
     * names it any more, so only a poll's re-check of what it did not list finds it repaired.
     */
    String promptedLinkRepairedSince() {
        String repaired = DetectFlowTest.newLink();
        BELVO.linkIs(repaired, "token_required");
        client.webhook(webhook(WebhookIntakeTest.uniqueId(), "LINK", "token_required", repaired),
                BASIC_WEBHOOK_AUTHORIZATION);
        awaitIncident(repaired, BelvoStubbedTest::handedOn);
        BELVO.linkIs(repaired, "valid");
        return repaired;
    }

    /** Runs the link listing poll now. */
    void firePoll() throws Exception {
        Timers.poll(quartz);
    }

    String inboxStatus(String webhookId, String code) {
        return jdbc.queryForObject("select status || ':' || coalesce(outcome, '') from webhook_inbox "
                + "where webhook_id = ? and webhook_code = ?", String.class, webhookId, code);
    }
}
