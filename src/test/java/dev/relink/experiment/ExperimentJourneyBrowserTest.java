package dev.relink.experiment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import com.fasterxml.jackson.databind.JsonNode;
import com.icegreen.greenmail.util.GreenMail;
import jakarta.mail.internet.MimeMessage;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Import;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import dev.relink.checks.Problem;
import dev.relink.prompt.MutableClock;
import dev.relink.support.BrowserTest;
import dev.relink.support.OpsSession;
import dev.relink.support.RelinkHttp;
import dev.relink.support.TempDirectories;

/**
 * An experiment end to end in the whole app: a running experiment with a template variant, a holdout
 * and an arm with its own channel order and steps, a person in each, the ladder treating each as their arm says (the holdout never
 * prompted, at any step), two links repaired without a click, the report by API after the outcome
 * window (clock moved by hand), and the console's page of the experiment in Chromium.
 */
@Import(MutableClock.InTheApp.class)
class ExperimentJourneyBrowserTest extends BrowserTest {

    static final String FILE = """
            experiments:
              - id: journey
                status: running
                reasons: [token_required]
                arms:
                  - name: control
                  - name: short
                    template: short
                  - name: holdout
                    holdout: true
                  - name: sms-soon
                    channels: [email, sms]
                    steps: [0s, 48h]
            """;

    static Path experimentsFile;
    static Path templates;

    /** The one knob of this class: its experiments file, and templates with the variant it names. */
    @DynamicPropertySource
    static void runningExperiment(DynamicPropertyRegistry registry) throws IOException {
        Path dir = TempDirectories.create("relink-experiment-");
        templates = dir.resolve("templates");
        for (Path file : dev.relink.checks.MountedFolder.files(Path.of("templates"))) {
            Files.createDirectories(templates.resolve(file.toString()).getParent());
            Files.copy(Path.of("templates").resolve(file), templates.resolve(file.toString()));
        }
        Path variant = templates.resolve("token_required/variants/short/en");
        Files.createDirectories(variant);
        Files.writeString(variant.resolve("email-subject.mustache"), "Reconnect {{institution}}: one minute");
        experimentsFile = dir.resolve("experiments.yaml");
        Files.writeString(experimentsFile, FILE);
        registry.add("relink.templates-dir", () -> templates.toString());
        registry.add("relink.experiments-file", experimentsFile::toString);
        registry.add("relink.prompt.tick-interval", () -> "200");
    }

    @Value("${local.server.port}")
    int port;
    @Autowired
    GreenMail smtp;
    @Autowired
    MutableClock clock;
    @Autowired
    JdbcTemplate jdbc;

    @Test
    void eachArmIsTreatedAsItSaysTheHoldoutIsNeverPromptedAndTheReportCountsRepairs() throws Exception {
        RelinkHttp relink = new RelinkHttp(port);
        Experiment journey = experiment();
        String control = personIn(journey, "control");
        String shortArm = personIn(journey, "short");
        String holdout = personIn(journey, "holdout");
        String smsSoon = personIn(journey, "sms-soon");
        List<String> links = new ArrayList<>();
        for (String user : List.of(control, shortArm, holdout, smsSoon)) {
            relink.putContact(user, Map.of("email", user + "@example.com", "phone", "+52155" + (10000000 + links.size()),
                    "locale", "en"));
            links.add(breakLink(relink, user));
        }

        assertThat(awaitMail(control).getSubject()).isEqualTo("Relink needs you to reconnect Heimdall Bank");
        assertThat(awaitMail(shortArm).getSubject()).isEqualTo("Reconnect Heimdall Bank: one minute");
        await().atMost(Duration.ofSeconds(30)).until(() -> timeline(relink, links.get(2)).contains("prompt_held_out"));
        assertThat(variants(links.get(0))).containsExactly("default");
        assertThat(variants(links.get(1))).containsExactly("short");
        awaitMail(smsSoon);

        // the short arm's person and the holdout's fix their links elsewhere (at the bank, in the app)
        relink.admin("/sandbox/admin/links/" + links.get(1) + "/status", Map.of("status", "valid"));
        relink.admin("/sandbox/admin/links/" + links.get(2) + "/status", Map.of("status", "valid"));
        clock.advance(Duration.ofHours(25)); // step 1: its re-read finds them valid; control gets its reminder
        await().atMost(Duration.ofSeconds(30)).until(() -> smtp.getReceivedMessagesForDomain(control + "@example.com").length == 2);
        await().atMost(Duration.ofSeconds(30)).until(() -> state(relink, links.get(1)).equals("resolved")
                && state(relink, links.get(2)).equals("resolved"));
        assertThat(variants(links.get(2))).as("the holdout was never prompted").isEmpty();
        assertThat(smtp.getReceivedMessagesForDomain(holdout + "@example.com")).isEmpty();

        // the sms-soon arm's ladder: step 1 is 48 h after the first prompt, not 24 h, and goes by SMS
        assertThat(channels(links.get(3))).containsExactly("email");
        clock.advance(Duration.ofHours(24));
        await().atMost(Duration.ofSeconds(30)).until(() -> channels(links.get(3)).equals(List.of("email", "sms")));

        // before the outcome window has passed, nobody counts yet
        JsonNode early = report(relink);
        assertThat(early.path("arms").findValuesAsText("pending")).containsExactly("1", "1", "1", "1");
        clock.advance(Duration.ofDays(7));
        JsonNode report = report(relink);
        assertThat(report.path("status").asText()).isEqualTo("running");
        assertThat(report.path("outcome_window").asText()).isEqualTo("PT168H");
        assertThat(report.path("arms").findValuesAsText("name")).containsExactly("control", "short", "holdout", "sms-soon");
        assertThat(report.path("arms").findValuesAsText("assigned")).containsExactly("1", "1", "1", "1");
        assertThat(report.path("arms").findValuesAsText("repaired")).containsExactly("0", "1", "1", "0");
        assertThat(report.path("arms").get(1).path("rate").asDouble()).isEqualTo(1.0);
        assertThat(report.path("arms").get(1).path("ci_low").asDouble()).isBetween(0.2, 0.21); // Wilson, 1 of 1
        assertThat(report.path("winner").isNull()).as("one person per arm decides nothing").isTrue();
        assertThat(report.path("decided").asBoolean()).isFalse();

        HttpResponse<String> unknown = relink.send(relink.api("/api/experiments/nope").GET());
        assertThat(unknown.statusCode()).isEqualTo(404);
        assertThat(unknown.headers().firstValue("Content-Type")).hasValue("application/problem+json");
        assertThat(relink.send(relink.plain("/api/experiments").GET()).statusCode()).as("API key required").isEqualTo(401);

        // the console's page of the experiment: the chart and the table below it
        browser.manage().deleteAllCookies();
        browser.get(relink.base() + "/ops");
        chromium.waitFor(By.id("username")).sendKeys(OpsSession.USER);
        browser.findElement(By.id("password")).sendKeys(OpsSession.PASSWORD);
        browser.findElement(By.id("sign-in")).click();
        chromium.waitFor(By.id("open-total"));
        browser.findElement(By.linkText("Experiments")).click();
        chromium.waitFor(By.linkText("journey")).click();
        assertThat(chromium.waitFor(By.id("experiment-chart")).findElements(By.cssSelector("rect.arm"))).hasSize(4);
        assertThat(browser.findElement(By.id("arms")).getText()).contains("short 1 0 1 1 100.0 %")
                .contains("holdout (holdout) 1 0 1 1 100.0 %");
        assertThat(browser.findElement(By.id("lift")).getText()).contains("lift (control − holdout)");
        assertThat(browser.findElement(By.id("decision")).getText()).isEqualTo("Not enough data yet: keep it running.");
        assertThat(chromium.severeConsoleLines()).isEmpty();
    }

    @Test
    void anEditThatPassesAppliesAndOneThatDoesNotIsRefused() throws Exception {
        RelinkHttp relink = new RelinkHttp(port);
        assertThat(report(relink).path("status").asText()).isEqualTo("running");
        try {
            Files.writeString(experimentsFile, FILE.replace("status: running", "status: runing"));
            assertThat(report(relink).path("status").asText()).as("refused: the running version stays").isEqualTo("running");
            Files.writeString(experimentsFile, FILE.replace("status: running", "status: ended"));
            assertThat(report(relink).path("status").asText()).isEqualTo("ended");
        } finally {
            Files.writeString(experimentsFile, FILE);
        }
    }

    private static Experiment experiment() {
        List<Problem> problems = new ArrayList<>();
        Experiment journey = ExperimentsFile.read(experimentsFile, templates, problems).get(0);
        assertThat(problems).isEmpty();
        return journey;
    }

    /** Someone the hash puts in {@code arm} (what a person is assigned follows from their external id alone). */
    private static String personIn(Experiment experiment, String arm) {
        while (true) {
            String user = "exp-" + UUID.randomUUID();
            if (ArmHash.arm(experiment, user).name().equals(arm)) {
                return user;
            }
        }
    }

    private static String breakLink(RelinkHttp relink, String user) throws Exception {
        String link = relink.admin("/sandbox/admin/links", Map.of("institution", "heimdall_mx_retail", "status",
                "token_required", "external_id", user)).path("ids").get(0).asText();
        relink.admin("/sandbox/admin/webhooks", Map.of("webhook_type", "LINK", "webhook_code", "token_required", "link_id", link));
        return link;
    }

    private MimeMessage awaitMail(String user) {
        await().atMost(Duration.ofSeconds(30)).until(() -> smtp.getReceivedMessagesForDomain(user + "@example.com").length >= 1);
        return smtp.getReceivedMessagesForDomain(user + "@example.com")[0];
    }

    private List<String> variants(String link) {
        return jdbc.queryForList("select d.template_variant from prompt_delivery d join incident i on i.id = d.incident_id"
                + " where i.link_id = ? order by d.step", String.class, link);
    }

    private List<String> channels(String link) {
        return jdbc.queryForList("select d.channel from prompt_delivery d join incident i on i.id = d.incident_id"
                + " where i.link_id = ? order by d.step", String.class, link);
    }

    private static JsonNode incident(RelinkHttp relink, String link) throws Exception {
        JsonNode page = RelinkHttp.JSON.readTree(relink.send(relink.api("/api/incidents?link_id=" + link).GET()).body());
        return RelinkHttp.JSON.readTree(relink.send(relink.api("/api/incidents/" + page.path("items").get(0).path("id")
                .asText()).GET()).body());
    }

    private static String state(RelinkHttp relink, String link) throws Exception {
        return incident(relink, link).path("state").asText();
    }

    private static String timeline(RelinkHttp relink, String link) throws Exception {
        return incident(relink, link).path("timeline").toString();
    }

    private static JsonNode report(RelinkHttp relink) throws Exception {
        HttpResponse<String> response = relink.send(relink.api("/api/experiments/journey").GET());
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return RelinkHttp.JSON.readTree(response.body());
    }
}
