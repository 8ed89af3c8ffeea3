package dev.relink.experiment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;

import dev.relink.support.RelinkHttp;

/**
 * The emulator's people repair at the rates their model gives, across two arms of a running experiment:
 * everyone reads the prompt and presses the button 5 to 15 minutes later; in control nobody finishes the
 * widget, in the {@code short} variant's arm everyone does (the MFA-free password form, Belvo's own
 * {@code PUT /api/links/{id}/} through the stand-in widget). Relink's re-check finds those links valid,
 * and the experiment's report over HTTP counts the assignments and the repairs.
 */
class ExperimentPeopleTest extends RunningExperiments {

    static final String MODEL = """
            {"seed": 1,
             "variants": {"short": "one minute"},
             "rules": [
               {"channel": "email", "start": 1, "finish": 0, "start_after": "10m", "finish_after": "2m"},
               {"channel": "email", "variant": "short", "start": 1, "finish": 1, "start_after": "10m", "finish_after": "2m"}
             ]}
            """;

    @Test
    void peopleRepairAtTheirArmsRatesAndTheReportCountsIt() throws Exception {
        RelinkHttp relink = new RelinkHttp(port);
        Experiment people = experiment("people");
        List<String> control = new ArrayList<>();
        List<String> shortArm = new ArrayList<>();
        try {
            // the people read every prompt mailed once the model is set: the reminders of earlier classes' incidents,
            // sent by the tick each test starts with, are mailed first
            await().atMost(Duration.ofSeconds(30)).until(() -> jdbc.queryForObject("select count(*) from prompt_delivery"
                    + " where channel = 'email' and status = 'sending'", Integer.class) == 0);
            assertThat(model(relink, MODEL).statusCode()).isEqualTo(200);
            for (int i = 0; i < 3; i++) {
                control.add(brokenLinkOf(relink, personIn(people, "control")));
                shortArm.add(brokenLinkOf(relink, personIn(people, "short")));
            }
            await().atMost(Duration.ofSeconds(60)).until(() -> tick(relink).path("read").asInt() == 6);
            assertThat(tick(relink).path("started").asInt()).as("nobody before five minutes").isZero();

            clock.advance(Duration.ofMinutes(15)); // they press the button 5 to 15 minutes after reading
            assertThat(tick(relink).path("started").asInt()).isEqualTo(6);
            clock.advance(Duration.ofMinutes(3)); // the widget takes them between one and three minutes
            JsonNode done = tick(relink);
            assertThat(done.path("finished").asInt()).isEqualTo(3);
            assertThat(done.path("left").asInt()).isEqualTo(3);
            assertThat(done.path("failed").asInt()).isZero();
            await().atMost(Duration.ofSeconds(30)).until(() -> allIn(relink, shortArm, "resolved"));
            assertThat(allIn(relink, control, "prompting")).as("control's people left the widget").isTrue();
            assertThat(incident(relink, control.get(0)).path("timeline").toString()).contains("repair_started", "exited");

            clock.advance(Duration.ofDays(7));
            HttpResponse<String> answer = relink.send(relink.api("/api/experiments/people").GET());
            assertThat(answer.statusCode()).as(answer.body()).isEqualTo(200);
            JsonNode report = RelinkHttp.JSON.readTree(answer.body());
            assertThat(report.path("arms").findValuesAsText("name")).containsExactly("control", "short");
            assertThat(report.path("arms").findValuesAsText("assigned")).containsExactly("3", "3");
            assertThat(report.path("arms").findValuesAsText("repaired")).containsExactly("0", "3");
            assertThat(report.path("arms").get(1).path("rate").asDouble()).isEqualTo(1.0);
        } finally {
            relink.send(relink.plain("/sandbox/admin/people").DELETE());
        }
    }

    @Test
    void aModelWithAnUnknownChannelOrAProbabilityAboveOneIsRefused() throws Exception {
        RelinkHttp relink = new RelinkHttp(port);
        HttpResponse<String> channel = model(relink, MODEL.replace("\"channel\": \"email\", \"start\"", "\"channel\": \"fax\", \"start\""));
        assertThat(channel.statusCode()).isEqualTo(400);
        assertThat(channel.headers().firstValue("Content-Type")).hasValue("application/problem+json");
        assertThat(channel.body()).contains("channel must be one of");
        assertThat(model(relink, MODEL.replace("\"finish\": 0,", "\"finish\": 1.5,")).statusCode()).isEqualTo(400);
        assertThat(model(relink, MODEL.replace("\"10m\"", "\"soon\"")).statusCode()).isEqualTo(400);
        JsonNode nobody = RelinkHttp.JSON.readTree(relink.send(relink.plain("/sandbox/admin/people").GET()).body());
        assertThat(nobody.path("rules")).as("a refused model changes nothing").isEmpty();
    }

    private static HttpResponse<String> model(RelinkHttp relink, String body) throws Exception {
        return relink.send(relink.plain("/sandbox/admin/people").header("Content-Type", "application/json")
                .PUT(HttpRequest.BodyPublishers.ofString(body)));
    }

    private static JsonNode tick(RelinkHttp relink) throws Exception {
        return RelinkHttp.JSON.readTree(relink.send(relink.plain("/sandbox/admin/people/tick")
                .POST(HttpRequest.BodyPublishers.noBody())).body());
    }

    private static String brokenLinkOf(RelinkHttp relink, String user) throws Exception {
        relink.putContact(user, Map.of("email", user + "@example.com", "locale", "en"));
        return relink.breakLink(user, "heimdall_mx_retail", "invalid_credentials");
    }

    private static boolean allIn(RelinkHttp relink, List<String> links, String state) throws Exception {
        for (String link : links) {
            if (!state.equals(state(relink, link))) {
                return false;
            }
        }
        return true;
    }
}
