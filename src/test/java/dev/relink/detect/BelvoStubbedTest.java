package dev.relink.detect;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.BeforeEach;
import org.quartz.Scheduler;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.context.TestPropertySource;
import org.springframework.util.FileSystemUtils;

import dev.relink.support.RelinkIntegrationTest;
import dev.relink.support.BelvoStub;
import dev.relink.support.Timers;
import dev.relink.support.WebhookClient;

/**
 * The whole app with Belvo played by WireMock, so each test decides what Belvo says about a link.
 * Belvo webhooks here authenticate with Basic (the header is compared whole, whatever its scheme).
 * The poll's cron is far in the future: tests fire it themselves through Quartz. The templates the app reads
 * (and watches) are a copy of the shipped ones, {@link #TEMPLATES}, that a test may edit and puts back
 * (SignalTableTest).
 */
// the re-check batches these tests count are those of production's lull (1 s), not the base's shorter one
@TestPropertySource(properties = "relink.detect.recheck-window=1000")
abstract class BelvoStubbedTest extends RelinkIntegrationTest {

    static final String BASIC_WEBHOOK_AUTHORIZATION = "Basic YmVsdm86d2ViaG9vay1zZWNyZXQ=";
    static final BelvoStub BELVO = new BelvoStub();
    static final ObjectMapper JSON = new ObjectMapper();
    static final Path TEMPLATES = editableTemplates();

    @DynamicPropertySource
    static void belvoIsWireMock(DynamicPropertyRegistry registry) {
        registry.add("relink.belvo.base-url", BELVO::baseUrl);
        registry.add("relink.templates-dir", TEMPLATES::toString);
        registry.add("relink.webhooks.authorization", () -> BASIC_WEBHOOK_AUTHORIZATION);
        registry.add("relink.poll.cron", () -> "0 0 0 1 1 ? 2099");
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

    private static Path editableTemplates() {
        try {
            // a few KB, left in place: the app watching it may still be stopping when the JVM exits
            Path templates = Files.createTempDirectory("relink-signals-").resolve("templates");
            FileSystemUtils.copyRecursively(Path.of("templates"), templates);
            return templates;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static JsonNode json(String body) {
        try {
            return JSON.readTree(body);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(body, e);
        }
    }

    JsonNode api(String path) {
        HttpResponse<String> response = client.get(path, API_KEY);
        assertThat(response.statusCode()).as(path + ": " + response.body()).isEqualTo(200);
        return json(response.body());
    }

    /** The link's incidents, newest first. */
    List<JsonNode> incidentsOf(String linkId) {
        List<JsonNode> incidents = new ArrayList<>();
        api("/api/incidents?link_id=" + linkId).get("items").forEach(incidents::add);
        return incidents;
    }

    /** The link's only incident, with its timeline, once it exists and matches. */
    JsonNode awaitIncident(String linkId, java.util.function.Predicate<JsonNode> until) {
        return await().atMost(Duration.ofSeconds(60)).until(() -> {
            List<JsonNode> incidents = incidentsOf(linkId);
            return incidents.isEmpty() ? null : api("/api/incidents/" + incidents.get(0).get("id").asText());
        }, incident -> incident != null && until.test(incident));
    }

    static boolean closed(JsonNode incident) {
        return incident.hasNonNull("closed_at");
    }

    /** Belvo confirmed the link still needs its user: handed to prompting (or waiting for it to exist). */
    static boolean handedOn(JsonNode incident) {
        return !closed(incident) && timelineTypes(incident).contains("rechecked");
    }

    static List<String> timelineTypes(JsonNode incident) {
        List<String> types = new ArrayList<>();
        incident.get("timeline").forEach(event -> types.add(event.get("type").asText()));
        return types;
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
