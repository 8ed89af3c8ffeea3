package dev.relink.institution;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import com.fasterxml.jackson.databind.JsonNode;
import org.apache.camel.CamelContext;
import org.apache.camel.ProducerTemplate;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.jdbc.core.JdbcTemplate;

import dev.relink.incident.Incident;
import dev.relink.incident.IncidentQueries;
import dev.relink.prompt.Ladder;
import dev.relink.support.RelinkHttp;
import dev.relink.support.RelinkIntegrationTest;
import dev.relink.support.Timers;

/**
 * The three scenarios of a bank-side failure, on the whole app with the Belvo emulator: an ordinary
 * trickle of broken links is prompted, a spike holds the institution; Belvo reporting an institution
 * down holds it and ops close it as bank-side; Belvo reporting it healthy again resolves the links that
 * work again without a prompt and prompts the rest. Each test has an emulated bank of its own.
 */
class InstitutionHoldTest extends RelinkIntegrationTest {

    @Value("${local.server.port}")
    int port;

    @Autowired
    JdbcTemplate jdbc;

    @Autowired
    ProducerTemplate camel;

    @Autowired
    Ladder ladder;

    @Autowired
    CamelContext camelContext;

    @Autowired
    IncidentQueries queries;

    HoldFixture hold;
    RelinkHttp http;
    /** This test's own bank: no other test's incidents, holds or outages at it. */
    String bank;

    @BeforeEach
    void fixture() throws Exception {
        hold = new HoldFixture(port, jdbc, camel);
        http = hold.http;
        bank = hold.freshBank();
    }

    @AfterEach
    void banksBackAndHoldsClosed() throws Exception {
        hold.banksBackAndHoldsClosed();
    }

    @Test
    void aTrickleOfBrokenLinksIsPromptedButFiftyWithinTheWindowHoldTheInstitution() throws Exception {
        hold.pastWeekOf(bank, 3);
        String prefix = "spike-" + UUID.randomUUID();
        List<String> links = hold.seed(bank, "invalid", 60, prefix);
        List<String> ordinary = new ArrayList<>();
        for (String link : links.subList(0, 40)) {
            ordinary.add(hold.report(link));
        }
        // 40 new broken links in the window: an ordinary night at this bank, each is handed to prompting
        await().atMost(Duration.ofSeconds(30)).until(() -> hold.count(ordinary, "prompting", "no_contact") == 40);
        assertThat(hold.holdOf(bank)).as("no hold").isNull();

        List<String> burst = new ArrayList<>();
        for (String link : links.subList(40, 60)) {
            burst.add(hold.report(link));
        }
        JsonNode spike = await().atMost(Duration.ofSeconds(30)).until(() -> hold.holdOf(bank), found -> found != null);
        assertThat(spike.get("cause").asText()).isEqualTo("spike");
        assertThat(spike.get("spike_reason").asText()).isEqualTo("invalid_credentials");
        assertThat(spike.get("spike_links").asInt()).as("new broken links in the window").isGreaterThanOrEqualTo(50);
        assertThat(spike.get("belvo_status").asText()).as("Belvo asked at once").isEqualTo("healthy");
        // the 50th new broken link is the spike: it and every one after it wait, nobody is prompted for them
        await().atMost(Duration.ofSeconds(30)).until(() -> hold.count(burst, "held") == burst.size() - (49 - 40)
                || hold.count(burst, "held") + hold.count(burst, "prompting", "no_contact") == burst.size());
        assertThat(hold.count(burst, "prompting", "no_contact")).as("handed over before the 50th").isLessThanOrEqualTo(9);
        long held = hold.count(burst, "held");
        assertThat(held).isGreaterThanOrEqualTo(11);
        assertThat(hold.holdOf(bank).get("held_links").asLong()).isEqualTo(held);
        assertThat(hold.deliveries(burst.stream().filter(id -> "held".equals(hold.state(id))).toList())).isZero();

        HttpResponse<String> released = hold.post("/api/institution-holds/" + bank + "/release");
        assertThat(released.statusCode()).as(released.body()).isEqualTo(200);
        assertThat(RelinkHttp.JSON.readTree(released.body()).get("held_links").asLong()).isEqualTo(held);
        assertThat(hold.holdOf(bank)).as("the hold ended").isNull();
        assertThat(hold.count(burst, "held")).isZero();
        assertThat(hold.count(burst, "prompting", "no_contact")).isEqualTo(burst.size());
        assertThat(hold.timeline(burst.get(burst.size() - 1))).anyMatch(line -> line.contains("ops released the hold"));
    }

    @Test
    void belvoReportingAnInstitutionDownHoldsItsLinksAndClosingAsBankSidePromptsNobody() throws Exception {
        String prefix = "down-" + UUID.randomUUID();
        List<String> links = hold.seedWithEmails(bank, 6, prefix);
        // one user was prompted before the outage
        String earlier = hold.report(links.get(0));
        await().atMost(Duration.ofSeconds(30)).until(() -> hold.deliveries(List.of(earlier)) == 1);

        hold.bankIs(bank, "down");
        hold.readHealth();
        List<String> during = new ArrayList<>();
        for (String link : links.subList(1, 6)) {
            during.add(hold.report(link));
        }
        await().atMost(Duration.ofSeconds(30)).until(() -> hold.count(during, "held") == 5);
        JsonNode down = hold.holdOf(bank);
        assertThat(down.get("cause").asText()).isEqualTo("belvo_down");
        assertThat(down.get("belvo_status").asText()).isEqualTo("down");
        assertThat(down.get("held_by_reason").get("invalid_credentials").asInt()).isEqualTo(5);

        // the prompting one's next step falls due during the hold: it is moved on, not sent and not lost
        Ladder.NextStep next = ladder.nextStep(earlier).orElseThrow();
        assertThat(ladder.reschedule(next, Instant.now())).isTrue();
        camel.sendBody("direct:prompt.drain", null);
        assertThat(hold.timeline(earlier)).anyMatch(line -> line.contains("is on hold"));
        Ladder.NextStep moved = ladder.nextStep(earlier).orElseThrow();
        assertThat(moved.step()).isEqualTo(next.step());
        assertThat(moved.at()).isAfter(Instant.now().plus(Duration.ofMinutes(14)));
        assertThat(hold.deliveries(List.of(earlier))).isEqualTo(1);

        HttpResponse<String> closed = hold.post("/api/institution-holds/" + bank + "/close-bank-side");
        assertThat(closed.statusCode()).as(closed.body()).isEqualTo(200);
        assertThat(hold.count(during, "bank_side")).isEqualTo(5);
        assertThat(hold.deliveries(during)).isZero();
        assertThat(hold.holdOf(bank)).as("the hold ended").isNull();
        assertThat(hold.post("/api/institution-holds/" + bank + "/release").statusCode()).isEqualTo(404);
    }

    @Test
    void aStepStillInTheChannelsQueueWhenTheHoldStartsIsTakenBackNotSent() throws Exception {
        String prefix = "queued-" + UUID.randomUUID();
        List<String> links = hold.seedWithEmails(bank, 3, prefix);
        String reminded = hold.report(links.get(0));
        await().atMost(Duration.ofSeconds(30)).until(() -> hold.sent(reminded) == 1);
        // it went out yesterday, so today's daily cap leaves room for its reminder
        jdbc.update("update prompt_delivery set created_at = ? where incident_id = ?",
                OffsetDateTime.now(ZoneOffset.UTC).minusHours(25), reminded);

        // The email channel falls behind: what the ladder hands it now waits in its queue.
        camelContext.getRouteController().stopRoute("prompt.send-email");
        String first;
        try {
            first = hold.report(links.get(1));
            await().atMost(Duration.ofSeconds(30)).until(() -> hold.queued(first) == 1);
            Ladder.NextStep reminder = ladder.nextStep(reminded).orElseThrow();
            assertThat(ladder.reschedule(reminder, Instant.now())).isTrue();
            Timers.ladderTick(camel);
            assertThat(hold.queued(reminded)).as("its reminder queued").isEqualTo(1);

            // Meanwhile Belvo reports the bank down, and its next broken link starts the hold.
            hold.bankIs(bank, "down");
            hold.readHealth();
            String during = hold.report(links.get(2));
            await().atMost(Duration.ofSeconds(30)).until(() -> "held".equals(hold.state(during)));
        } finally {
            camelContext.getRouteController().startRoute("prompt.send-email");
        }

        await().atMost(Duration.ofSeconds(30)).until(() -> "held".equals(hold.state(first)));
        assertThat(hold.deliveries(List.of(first))).as("its first prompt withdrawn, never sent").isZero();
        assertThat(hold.timeline(first)).anyMatch(line -> line.contains("its first prompt was still queued"));
        assertThat(hold.holdOf(bank).get("held_links").asInt()).isEqualTo(2);

        await().atMost(Duration.ofSeconds(30)).until(() -> hold.queued(reminded) == 0);
        assertThat(hold.sent(reminded)).as("only the first prompt went out").isEqualTo(1);
        assertThat(hold.deliveries(List.of(reminded))).as("the reminder's claim withdrawn").isEqualTo(1);
        Ladder.NextStep moved = ladder.nextStep(reminded).orElseThrow();
        assertThat(moved.step()).as("the reminder moved on, not lost").isEqualTo(1);
        assertThat(moved.at()).isAfter(Instant.now().plus(Duration.ofMinutes(14)));
        assertThat(hold.timeline(reminded)).anyMatch(line -> line.contains("queued to send when the hold started"));

        // Released, the withdrawn first prompt goes out as step 0 with the rest.
        assertThat(hold.post("/api/institution-holds/" + bank + "/release").statusCode()).isEqualTo(200);
        Timers.ladderTick(camel);
        await().atMost(Duration.ofSeconds(30)).until(() -> hold.sent(first) == 1);
    }

    @Test
    void whenBelvoReportsTheInstitutionHealthyAgainLinksThatWorkResolveWithoutAPromptAndTheRestArePrompted()
            throws Exception {
        String prefix = "back-" + UUID.randomUUID();
        List<String> links = hold.seed(bank, "invalid", 10, prefix);
        for (int i = 9; i <= 10; i++) {
            http.putContact(prefix + "-" + i, Map.of("email", "back" + i + "@example.com"));
        }
        List<String> incidents = hold.reportedWhileDown(bank, links);
        assertThat(queries.notSignalledByPollSince(OffsetDateTime.now(ZoneOffset.UTC)).stream().map(Incident::id))
                .as("the poll does not re-check held links: they are read when the hold ends").doesNotContainAnyElementsOf(incidents);

        for (String link : links.subList(0, 8)) {
            http.admin("/sandbox/admin/links/" + link + "/status", Map.of("status", "valid"));
        }
        hold.bankIs(bank, "healthy");
        hold.readHealth();

        assertThat(hold.count(incidents.subList(0, 8), "resolved")).isEqualTo(8);
        assertThat(hold.timeline(incidents.get(0))).anyMatch(line -> line.contains("repaired on the bank's side"));
        assertThat(hold.deliveries(incidents.subList(0, 8))).isZero();
        assertThat(hold.count(incidents.subList(8, 10), "prompting")).isEqualTo(2);
        assertThat(hold.deliveries(incidents.subList(8, 10))).as("step 0 planned from the bank's return's own read, "
                + "before any tick of the ladder (which would read them again)").isEqualTo(2);
        assertThat(hold.holdOf(bank)).as("the hold ended").isNull();
        assertThat(jdbc.queryForObject("select ended_how from institution_hold where institution = ? "
                + "order by held_at desc fetch first 1 rows only", String.class, bank)).isEqualTo("bank_back");
    }

    @Test
    void incidentsStillHeldUnderAHoldThatEndedAreSettledByTheNextPoll() throws Exception {
        String prefix = "left-" + UUID.randomUUID();
        List<String> links = hold.seed(bank, "invalid", 3, prefix);
        List<String> incidents = hold.reportedWhileDown(bank, links);
        // the hold ended, and the replica settling its links stopped before it got to them
        jdbc.update("update institution_hold set open_institution = null, ended_at = current_timestamp, "
                + "ended_how = 'bank_back' where open_institution = ?", bank);
        http.admin("/sandbox/admin/links/" + links.get(0) + "/status", Map.of("status", "valid"));
        hold.bankIs(bank, "healthy");

        hold.readHealth();
        assertThat(hold.state(incidents.get(0))).isEqualTo("resolved");
        assertThat(hold.count(incidents.subList(1, 3), "prompting", "no_contact")).isEqualTo(2);
    }

    @Test
    void theAppsListOfAUsersLinksNeedingUpdateShowsThoseAtAHeldBankApartWithoutARepairUrl() throws Exception {
        String user = "waiting-" + UUID.randomUUID();
        String otherBank = hold.freshBank();
        http.putContact(user, Map.of("email", user + "@example.com"));
        String before = hold.report(linkOf(user, bank));
        await().atMost(Duration.ofSeconds(30)).until(() -> hold.deliveries(List.of(before)) == 1);
        hold.bankIs(bank, "down");
        hold.readHealth();
        String during = hold.report(linkOf(user, bank));
        String elsewhere = hold.report(linkOf(user, otherBank));
        await().atMost(Duration.ofSeconds(30)).until(() -> hold.count(List.of(during), "held") == 1
                && hold.count(List.of(elsewhere), "prompting") == 1);

        JsonNode answer = linksNeedingUpdate(user);
        assertThat(answer.get("links")).as("only what the user can fix").hasSize(1);
        assertThat(answer.get("links").get(0).get("incident_id").asText()).isEqualTo(elsewhere);
        assertThat(answer.get("links").get(0).get("repair_url").asText()).contains("/repair/");
        JsonNode waiting = answer.get("waiting_on_bank");
        assertThat(waiting).hasSize(2);
        assertThat(waiting.findValuesAsText("incident_id")).containsExactlyInAnyOrder(before, during);
        assertThat(waiting.findValuesAsText("state")).containsExactlyInAnyOrder("prompting", "held");
        assertThat(waiting.findValuesAsText("institution")).containsOnly(bank);
        assertThat(OffsetDateTime.parse(waiting.get(0).get("held_since").asText()))
                .isAtSameInstantAs(OffsetDateTime.parse(hold.holdOf(bank).get("held_at").asText()));
        assertThat(waiting.get(0).has("repair_url")).as("nothing to send the user into").isFalse();

        assertThat(hold.post("/api/institution-holds/" + bank + "/release").statusCode()).isEqualTo(200);
        JsonNode released = linksNeedingUpdate(user);
        assertThat(released.get("links").findValuesAsText("incident_id")).containsExactlyInAnyOrder(before, during,
                elsewhere);
        assertThat(released.get("waiting_on_bank")).isEmpty();
    }

    /** A broken link of the user at the bank (the user's external_id on it, as Belvo keeps it). */
    private String linkOf(String user, String institution) throws Exception {
        return http.admin("/sandbox/admin/links", Map.of("institution", institution, "status", "invalid",
                "external_id", user)).get("ids").get(0).asText();
    }

    private JsonNode linksNeedingUpdate(String user) throws Exception {
        HttpResponse<String> answer = http.send(http.api("/api/users/" + user + "/links-needing-update"));
        assertThat(answer.statusCode()).as(answer.body()).isEqualTo(200);
        return RelinkHttp.JSON.readTree(answer.body());
    }

    @Test
    void anInstitutionNotOnHoldIsA404ProblemToReleaseOrRead() throws Exception {
        HttpResponse<String> answer = hold.post("/api/institution-holds/" + bank + "/release");
        assertThat(answer.statusCode()).isEqualTo(404);
        assertThat(answer.headers().firstValue("Content-Type")).hasValue("application/problem+json");
        assertThat(answer.body()).contains("is not on hold");
        assertThat(http.send(http.api("/api/institution-holds/" + bank)).statusCode()).isEqualTo(404);
        assertThat(http.send(http.plain("/api/institution-holds")).statusCode()).as("no API key").isEqualTo(401);
    }
}
