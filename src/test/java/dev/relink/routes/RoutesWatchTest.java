package dev.relink.routes;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.JsonNode;
import com.icegreen.greenmail.util.GreenMail;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.component.seda.SedaEndpoint;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

import dev.relink.channel.Send;
import dev.relink.detect.SignalTable;
import dev.relink.support.OpsSession;
import dev.relink.support.RelinkHttp;
import dev.relink.support.RelinkOnConfigMaps;

/**
 * Edits to a running hub (relink.routes.watch): the hub runs from routes/ and templates/ as
 * {@link RelinkOnConfigMaps} mounts them ({@code FOLDERS}), and the tests edit their files in place as ops
 * edit a folder: the watcher reads the files through the volume's links, so what it sees is the edited file
 * under the path ops opened (and the path it reports). A bad edit is refused (log, health, metric) while the
 * running version goes on; a good one applies without a restart, with nothing lost while it does. After each
 * test the base puts the shipped files back and waits until they run again.
 */
@ExtendWith(OutputCaptureExtension.class)
class RoutesWatchTest extends RelinkOnConfigMaps {

    @Value("${local.server.port}")
    int port;

    OpsSession ops;

    @Autowired
    ProducerTemplate producer;

    @Autowired
    GreenMail smtp;

    @Autowired
    SignalTable signals;

    /** Several mistakes per edit, each still named at its place: see {@link OpsEdits#mistakeGroups()}. */
    static List<OpsEdits.Group> mistakeGroups() {
        return OpsEdits.mistakeGroups();
    }

    @Test
    void aBrokenEditWhileWebhooksFlowIsRefusedNothingIsLostAndItsFixApplies(CapturedOutput output) throws Exception {
        ConcurrentLinkedQueue<String> sent = new ConcurrentLinkedQueue<>();
        AtomicBoolean sending = new AtomicBoolean(true);
        Thread belvo = new Thread(() -> {
            while (sending.get()) {
                sent.add(deliver("link_deleted"));
            }
        }, "belvo-sender");
        belvo.start();
        try {
            await().until(() -> sent.size() >= 10);
            Path routing = FOLDERS.resolve("routes/detect-webhooks.yaml");
            OpsEdits.At at = OpsEdits.ignoreAWebhookCode(FOLDERS);
            String fixed = OpsEdits.read(routing);
            List<String> lines = new java.util.ArrayList<>(fixed.lines().toList());
            int stepLine = at.line() + 2; // the inserted branch: "- simple: ...", "steps:", "- setHeader:"
            lines.set(stepLine - 1, lines.get(stepLine - 1).replace("- setHeader:", "- setHeaderx:"));
            OpsEdits.write(routing, String.join("\n", lines) + "\n");
            assertThat(OpsEdits.read(routing)).contains("setHeaderx");

            await().atMost(Duration.ofSeconds(60)).until(() -> "DEGRADED".equals(routesHealth().path("status").asText()));
            JsonNode health = routesHealth();
            assertThat(health.path("details").path("refused").toString()).contains("detect-webhooks.yaml");
            String problem = health.path("details").path("problems").get(0).asText();
            assertThat(problem).contains(routing + ":" + stepLine + ":").contains("setHeaderx");
            assertThat(output.getAll()).contains("Edit refused, the running version stays").contains(problem);
            assertThat(prometheus()).containsPattern("relink_routes_edits_total\\{[^}]*result=\"refused\"[^}]*} [1-9]")
                    .containsPattern("relink_routes_refused_files\\{[^}]*} 1\\.0");
            assertThat(camel.getRouteController().getRouteStatus("detect.route-webhook").isStarted()).isTrue();
            int beforeFix = sent.size();
            await().until(() -> sent.size() >= beforeFix + 10);
            assertThat(outcome(sent.peek())).as("the old routing still runs").isEqualTo("done:no_open_incident");

            OpsEdits.write(routing, fixed);
            await().atMost(Duration.ofSeconds(60)).until(() -> "UP".equals(routesHealth().path("status").asText())
                    && routesHealth().path("details").has("lastAppliedAt"));
            int afterFix = sent.size();
            await().until(() -> sent.size() >= afterFix + 10);
        } finally {
            sending.set(false);
            belvo.join();
        }
        String last = deliver("link_deleted");
        // pending, then processing (claimed), then its outcome
        await().atMost(Duration.ofSeconds(60)).until(() -> outcome(last), o -> o != null
                && !o.startsWith("pending") && !o.startsWith("processing"));
        assertThat(outcome(last)).as("the fixed edit applies: link_deleted is ignored now").isEqualTo("ignored:ignored");
        for (String webhook : sent) {
            await().atMost(Duration.ofSeconds(60)).until(() -> outcome(webhook), o -> o != null
                    && Set.of("done:no_open_incident", "ignored:ignored").contains(o));
        }
        assertThat(camel.getRouteController().getRouteStatus("detect.webhook-intake").isStarted()).isTrue();
    }

    @Test
    void theEmailQueueRunsTwiceAsManySendersAsTheConnectionsConfigured() {
        // one builds or records an email while the other uses the connection (channel.PooledMailSender#senders)
        assertThat(((SedaEndpoint) camel.getRoute("prompt.send-email").getEndpoint()).getConcurrentConsumers()).isEqualTo(6);
    }

    @Test
    void anEditToTheEmailRouteWhilePromptsAreQueuedLosesNoneAndSendsNoneTwice() throws Exception {
        String domain = UUID.randomUUID() + ".example.com";
        int queued = 60;
        for (int i = 0; i < queued; i++) {
            // what prompt.send-step queues for the mail server (an unknown delivery id: no delivery row to update)
            producer.sendBody("seda:prompt.send-email", new Send(-1L - i, "email", "user" + i + "@" + domain, "prompt " + i,
                    "<p>prompt " + i + "</p>", "prompt " + i, null));
        }
        Path emailRoutes = OpsEdits.routeFiles(FOLDERS).stream().filter(file -> OpsEdits.read(file).contains("id: prompt.send-email"))
                .findFirst().orElseThrow();
        String appliedBefore = routesHealth().path("details").path("lastAppliedAt").asText();

        OpsEdits.write(emailRoutes, OpsEdits.read(emailRoutes) + "# ops: a note added while prompts queue\n");

        await().atMost(Duration.ofSeconds(60)).until(() -> !appliedBefore.equals(
                routesHealth().path("details").path("lastAppliedAt").asText()));
        assertThat(smtp.getReceivedMessagesForDomain(domain)).as("still queued when the edit applied").hasSizeLessThan(queued);
        await().atMost(Duration.ofSeconds(60)).until(() -> smtp.getReceivedMessagesForDomain(domain).length >= queued);
        assertThat(Stream.of(smtp.getReceivedMessagesForDomain(domain)).map(message -> {
            try {
                return message.getSubject();
            } catch (jakarta.mail.MessagingException e) {
                throw new IllegalStateException(e);
            }
        }).distinct()).as("each queued prompt once").hasSize(queued);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("mistakeGroups")
    void eachMistakeIsRefusedAtItsFileAndLineAndTheRunningVersionStays(OpsEdits.Group mistakes) throws Exception {
        int routes = camel.getRoutes().size();
        Map<OpsEdits.Edit, OpsEdits.At> made = mistakes.apply(FOLDERS);

        // until the look that refuses the whole edit: one may come while its files are still being written
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
            JsonNode health = routesHealth();
            assertThat(health.path("status").asText()).isEqualTo("DEGRADED");
            String problems = health.path("details").path("problems").toString().replace("\",\"", "\n");
            made.forEach((mistake, at) -> OpsEdits.assertReported(problems, FOLDERS, at, mistake));
        });
        assertThat(routesHealth().path("details").path("filesInForce").asBoolean()).as("the files on disk are not what runs").isFalse();
        assertThat(camel.getRoutes()).hasSize(routes);
        assertThat(camel.getRoutes()).allSatisfy(route -> assertThat(runsIfItShould(route)).as(route.getRouteId()).isTrue());
    }

    @Test
    void aChangedPollFilterInTheSignalTableIsInForceWithoutARestart() {
        OpsEdits.goodEdits().get(0).apply().apply(FOLDERS);

        await().atMost(Duration.ofSeconds(60)).until(signals::pollStatuses, List.of("invalid")::equals);
        assertThat(camel.getRouteController().getRouteStatus("detect.poll-links").isStarted()).isTrue();
    }

    @Test
    void anEditedPolicyReCreatesTheRoutesThatNameIt(CapturedOutput output) {
        int routes = camel.getRoutes().size();
        OpsEdits.replaceFirst(FOLDERS, "routes", java.util.regex.Pattern.compile("(\\s+retryAttemptedLogLevel: )WARN"),
                m -> m.group(1) + "DEBUG");

        await().atMost(Duration.ofSeconds(60)).until(() -> output.getAll().contains("Edit applied: [error-policies.yaml]"));
        String applied = output.getAll().substring(output.getAll().indexOf("Edit applied: [error-policies.yaml]")).lines()
                .findFirst().orElseThrow();
        assertThat(applied).contains("belvo.get-link", "detect.webhook-intake");
        assertThat(camel.getRoutes()).hasSize(routes);
        assertThat(camel.getRoutes()).allSatisfy(route -> assertThat(runsIfItShould(route)).as(route.getRouteId()).isTrue());
    }

    @Test
    void anEditedRouteTemplateRemakesEveryRouteMadeFromItUnderItsOwnId(CapturedOutput output) {
        int routes = camel.getRoutes().size();
        // a step added to the template's route (belvo.fetch-one), not to one of the routes written out
        OpsEdits.insertAfter(FOLDERS, "routes", java.util.regex.Pattern.compile("^( {10})- to: direct:belvo\\.request$"), indent -> List.of(
                indent + "- removeHeaders:",
                indent + "    pattern: \"CamelHttp*\""), "belvo-api.yaml");

        await().atMost(Duration.ofSeconds(60)).until(() -> output.getAll().contains("Edit applied: [belvo-api.yaml]"));
        assertThat(camel.getRoutes()).hasSize(routes);
        for (String id : List.of("belvo.get-link", "belvo.get-consent", "belvo.create-widget-token", "belvo.create-portal-token")) {
            assertThat(((org.apache.camel.model.ModelCamelContext) camel).getRouteDefinition(id).getOutputs()).as(id)
                    .extracting(Object::toString).anyMatch(step -> step.toLowerCase().contains("removeheaders"));
            assertThat(camel.getRouteController().getRouteStatus(id).isStarted()).as(id).isTrue();
        }
    }

    @Test
    void aTemplateWordingChangeIsInForceForTheNextPromptAndABrokenOneNever() throws Exception {
        OpsEdits.At at = OpsEdits.goodEdits().get(2).apply().apply(FOLDERS);
        await().atMost(Duration.ofSeconds(60)).until(() -> Files.readString(templates.dir().resolve(
                Path.of(at.file()).subpath(1, Path.of(at.file()).getNameCount()))).startsWith("Action needed: "));

        Path sms = FOLDERS.resolve("templates/token_required/es/sms.mustache");
        OpsEdits.write(sms, OpsEdits.read(sms) + "{{#broken\n");
        await().atMost(Duration.ofSeconds(60)).until(() -> "DEGRADED".equals(routesHealth().path("status").asText()));
        assertThat(Files.readString(templates.dir().resolve("token_required/es/sms.mustache"))).doesNotContain("{{#broken");
    }

    /**
     * Sends one LINK webhook for an unknown link as Belvo does, delivering again on 503 (while an edit swaps the intake
     * route) for up to a minute, as Belvo's own redelivery would; answers its webhook_id.
     */
    private String deliver(String code) {
        String id = UUID.randomUUID().toString().replace("-", "");
        String body = """
                {"webhook_id": "%s", "webhook_type": "LINK", "webhook_code": "%s", "link_id": "%s",
                 "process_type": "recurrent_update", "external_id": "watch-test", "data": {}}
                """.formatted(id, code, linkOf(id));
        HttpRequest delivery = HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/webhooks/belvo"))
                .header("Authorization", WEBHOOK_AUTHORIZATION).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build();
        HttpClient http = HttpClient.newHttpClient();
        await("webhook " + id + " accepted").atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(50))
                .pollInSameThread().until(() -> {
                    HttpResponse<String> answer = http.send(delivery, HttpResponse.BodyHandlers.ofString());
                    assertThat(answer.statusCode()).as(answer.body()).isIn(202, 503);
                    return answer.statusCode() == 202;
                });
        return id;
    }

    /** status:outcome of a stored webhook, or null when it is not stored. */
    /** Each webhook of {@link #deliver} names a link of its own, so that its outcome is found by that link. */
    private static UUID linkOf(String webhookId) {
        return UUID.nameUUIDFromBytes(webhookId.getBytes(StandardCharsets.UTF_8));
    }

    private String outcome(String webhookId) throws Exception {
        JsonNode page = RelinkHttp.JSON.readTree(new RelinkHttp(port).send(new RelinkHttp(port)
                .api("/api/webhooks?link_id=" + linkOf(webhookId))).body());
        for (JsonNode item : page.path("items")) {
            if (item.path("webhook_id").asText().equals(webhookId)) {
                return item.path("status").asText() + ":" + item.path("outcome").asText();
            }
        }
        return null;
    }

    private JsonNode routesHealth() throws Exception {
        if (ops == null) {
            ops = OpsSession.logIn(port); // once: the health is polled, a login is a password hash
        }
        return ops.health("/actuator/health").path("components").path("routes");
    }

    private String prometheus() throws Exception {
        return new RelinkHttp(port).send(new RelinkHttp(port).scrape("/actuator/prometheus")).body();
    }
}
