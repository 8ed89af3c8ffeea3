package dev.relink.experiment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import jakarta.mail.internet.MimeMessage;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;

import dev.relink.support.OpsSession;
import dev.relink.support.RelinkHttp;

/**
 * An experiment end to end in the whole app: a running experiment with a template variant, a holdout
 * and an arm with its own channel order and steps, a person in each, the ladder treating each as their arm says (the holdout never
 * prompted, at any step), two links repaired without a click, the report by API after the outcome
 * window (clock moved by hand), and the console's page of the experiment in Chromium.
 */
class ExperimentJourneyBrowserTest extends RunningExperiments {

    @Test
    void eachArmIsTreatedAsItSaysTheHoldoutIsNeverPromptedAndTheReportCountsRepairs() throws Exception {
        RelinkHttp relink = new RelinkHttp(port);
        Experiment journey = experiment("journey");
        String control = personIn(journey, "control");
        String shortArm = personIn(journey, "short");
        String holdout = personIn(journey, "holdout");
        String smsSoon = personIn(journey, "sms-soon");
        List<String> links = new ArrayList<>();
        String smsSoonsSms = twilioAccepts(phoneOf(3));
        for (String user : List.of(control, shortArm, holdout, smsSoon)) {
            relink.putContact(user, Map.of("email", user + "@example.com", "phone", phoneOf(links.size()), "locale", "en"));
            links.add(relink.breakLink(user, "heimdall_mx_retail", "token_required"));
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
        ladderTick();
        await().atMost(Duration.ofSeconds(30)).until(() -> smtp.getReceivedMessagesForDomain(control + "@example.com").length == 2);
        await().atMost(Duration.ofSeconds(30)).until(() -> state(relink, links.get(1)).equals("resolved")
                && state(relink, links.get(2)).equals("resolved"));
        assertThat(variants(links.get(2))).as("the holdout was never prompted").isEmpty();
        assertThat(smtp.getReceivedMessagesForDomain(holdout + "@example.com")).isEmpty();

        // the sms-soon arm's ladder: step 1 is 48 h after the first prompt, not 24 h, and goes by SMS
        assertThat(channels(links.get(3))).containsExactly("email");
        clock.advance(Duration.ofHours(24));
        ladderTick();
        await().atMost(Duration.ofSeconds(30)).until(() -> channels(links.get(3)).equals(List.of("email", "sms")));
        await().atMost(Duration.ofSeconds(10)).until(() -> smsSoonsSms.equals(jdbc.queryForObject("select d.provider_id"
                + " from prompt_delivery d join incident i on i.id = d.incident_id where i.link_id = ? and d.channel = 'sms'",
                String.class, links.get(3))));

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
    void anIncidentWhoseLadderWasUnderWayWhenTheExperimentBeganStaysOutOfIt() throws Exception {
        RelinkHttp relink = new RelinkHttp(port);
        String holdout = personIn(experiment("journey"), "holdout"); // were it to enter, it would never be reminded
        String link;
        try {
            Files.writeString(EXPERIMENTS, FILE.replace("status: running", "status: draft"));
            assertThat(report(relink).path("status").asText()).isEqualTo("draft");
            relink.putContact(holdout, Map.of("email", holdout + "@example.com", "locale", "en"));
            link = relink.breakLink(holdout, "heimdall_mx_retail", "token_required");
            awaitMail(holdout);
        } finally {
            Files.writeString(EXPERIMENTS, FILE);
        }
        assertThat(report(relink).path("status").asText()).isEqualTo("running");

        clock.advance(Duration.ofHours(25));
        ladderTick();
        await().atMost(Duration.ofSeconds(30)).until(() -> smtp.getReceivedMessagesForDomain(holdout + "@example.com").length == 2);
        assertThat(variants(link)).as("both prompts as configured").containsExactly("default", "default");
        assertThat(jdbc.queryForObject("select count(*) from experiment_assignment a join incident i on i.id = a.incident_id"
                + " where i.link_id = ?", Integer.class, link)).as("not in the experiment").isZero();
    }

    @Test
    void anEditThatPassesAppliesAndOneThatDoesNotIsRefused() throws Exception {
        RelinkHttp relink = new RelinkHttp(port);
        assertThat(report(relink).path("status").asText()).isEqualTo("running");
        try {
            Files.writeString(EXPERIMENTS, FILE.replace("status: running", "status: runing"));
            assertThat(report(relink).path("status").asText()).as("refused: the running version stays").isEqualTo("running");
            Files.writeString(EXPERIMENTS, FILE.replace("status: running", "status: ended"));
            assertThat(report(relink).path("status").asText()).isEqualTo("ended");
        } finally {
            Files.writeString(EXPERIMENTS, FILE);
        }
    }

    /** The phones of this class's people: numbers no other class on the base uses. */
    private static String phoneOf(int person) {
        return "+521562000000" + person;
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

    private static String timeline(RelinkHttp relink, String link) throws Exception {
        return incident(relink, link).path("timeline").toString();
    }

    private static JsonNode report(RelinkHttp relink) throws Exception {
        HttpResponse<String> response = relink.send(relink.api("/api/experiments/journey").GET());
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return RelinkHttp.JSON.readTree(response.body());
    }
}
