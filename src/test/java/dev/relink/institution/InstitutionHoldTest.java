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
import org.apache.camel.ProducerTemplate;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.jdbc.core.JdbcTemplate;

import dev.relink.prompt.Ladder;
import dev.relink.support.RelinkHttp;
import dev.relink.support.RelinkIntegrationTest;

/**
 * The three scenarios of a bank-side failure, on the whole app with the Belvo emulator: an ordinary
 * trickle of broken links is prompted, a spike holds the institution; Belvo reporting an institution
 * down holds it and ops close it as bank-side; Belvo reporting it healthy again resolves the links that
 * work again without a prompt and prompts the rest. Each test has an emulated bank of its own.
 */
class InstitutionHoldTest extends RelinkIntegrationTest {

    static final String SPIKING = "gringotts_mx_retail";
    static final String DOWN = "gringotts_co_retail";

    @Value("${local.server.port}")
    int port;

    @Autowired
    JdbcTemplate jdbc;

    @Autowired
    ProducerTemplate camel;

    @Autowired
    Ladder ladder;

    RelinkHttp http;

    @BeforeEach
    void http() {
        http = new RelinkHttp(port);
    }

    @AfterEach
    void banksBackAndHoldsClosed() throws Exception {
        for (String bank : List.of(SPIKING, DOWN)) {
            http.admin("/sandbox/admin/institutions/" + bank + "/status", Map.of("status", "healthy"));
        }
        jdbc.update("delete from institution_status");
        for (String bank : List.of(SPIKING, DOWN)) {
            http.send(http.api("/api/institution-holds/" + bank + "/close-bank-side").POST(HttpRequest.BodyPublishers.noBody()));
        }
    }

    @Test
    void aTrickleOfBrokenLinksIsPromptedButFiftyWithinTheWindowHoldTheInstitution() throws Exception {
        pastWeekOf(SPIKING, 3);
        String prefix = "spike-" + UUID.randomUUID();
        List<String> links = seed(SPIKING, "invalid", 60, prefix);
        List<String> ordinary = new ArrayList<>();
        for (String link : links.subList(0, 40)) {
            ordinary.add(report(link));
        }
        // 40 new broken links in the window: an ordinary night at this bank, each is handed to prompting
        await().atMost(Duration.ofSeconds(30)).until(() -> count(ordinary, "prompting", "no_contact") == 40);
        assertThat(holds()).isEmpty();

        List<String> burst = new ArrayList<>();
        for (String link : links.subList(40, 60)) {
            burst.add(report(link));
        }
        JsonNode hold = await().atMost(Duration.ofSeconds(30)).until(() -> holdOf(SPIKING), found -> found != null);
        assertThat(hold.get("cause").asText()).isEqualTo("spike");
        assertThat(hold.get("spike_reason").asText()).isEqualTo("invalid_credentials");
        assertThat(hold.get("spike_links").asInt()).isBetween(50, 60);
        assertThat(hold.get("belvo_status").asText()).as("Belvo asked at once").isEqualTo("healthy");
        // the 50th new broken link is the spike: it and every one after it wait, nobody is prompted for them
        await().atMost(Duration.ofSeconds(30)).until(() -> count(burst, "held") == burst.size() - (49 - 40)
                || count(burst, "held") + count(burst, "prompting", "no_contact") == burst.size());
        assertThat(count(burst, "prompting", "no_contact")).as("handed over before the 50th").isLessThanOrEqualTo(9);
        long held = count(burst, "held");
        assertThat(held).isGreaterThanOrEqualTo(11);
        assertThat(holdOf(SPIKING).get("held_links").asLong()).isEqualTo(held);
        assertThat(deliveries(burst.stream().filter(id -> "held".equals(state(id))).toList())).isZero();

        HttpResponse<String> released = post("/api/institution-holds/" + SPIKING + "/release");
        assertThat(released.statusCode()).as(released.body()).isEqualTo(200);
        assertThat(RelinkHttp.JSON.readTree(released.body()).get("held_links").asLong()).isEqualTo(held);
        assertThat(holds()).isEmpty();
        assertThat(count(burst, "held")).isZero();
        assertThat(count(burst, "prompting", "no_contact")).isEqualTo(burst.size());
        assertThat(timeline(burst.get(burst.size() - 1))).anyMatch(line -> line.contains("ops released the hold"));
    }

    @Test
    void belvoReportingAnInstitutionDownHoldsItsLinksAndClosingAsBankSidePromptsNobody() throws Exception {
        String prefix = "down-" + UUID.randomUUID();
        List<String> links = seed(DOWN, "invalid", 6, prefix);
        for (int i = 1; i <= 6; i++) {
            http.putContact(prefix + "-" + i, Map.of("email", "person" + i + "@example.com"));
        }
        // one user was prompted before the outage
        String earlier = report(links.get(0));
        await().atMost(Duration.ofSeconds(30)).until(() -> deliveries(List.of(earlier)) == 1);

        http.admin("/sandbox/admin/institutions/" + DOWN + "/status", Map.of("status", "down"));
        readHealth();
        List<String> during = new ArrayList<>();
        for (String link : links.subList(1, 6)) {
            during.add(report(link));
        }
        await().atMost(Duration.ofSeconds(30)).until(() -> count(during, "held") == 5);
        JsonNode hold = holdOf(DOWN);
        assertThat(hold.get("cause").asText()).isEqualTo("belvo_down");
        assertThat(hold.get("belvo_status").asText()).isEqualTo("down");
        assertThat(hold.get("held_by_reason").get("invalid_credentials").asInt()).isEqualTo(5);

        // the prompting one's next step falls due during the hold: it is moved on, not sent and not lost
        Ladder.NextStep next = ladder.nextStep(earlier).orElseThrow();
        assertThat(ladder.reschedule(next, Instant.now())).isTrue();
        camel.sendBody("direct:prompt.drain", null);
        assertThat(timeline(earlier)).anyMatch(line -> line.contains("is on hold"));
        Ladder.NextStep moved = ladder.nextStep(earlier).orElseThrow();
        assertThat(moved.step()).isEqualTo(next.step());
        assertThat(moved.at()).isAfter(Instant.now().plus(Duration.ofMinutes(14)));
        assertThat(deliveries(List.of(earlier))).isEqualTo(1);

        HttpResponse<String> closed = post("/api/institution-holds/" + DOWN + "/close-bank-side");
        assertThat(closed.statusCode()).as(closed.body()).isEqualTo(200);
        assertThat(count(during, "bank_side")).isEqualTo(5);
        assertThat(deliveries(during)).isZero();
        assertThat(holds()).isEmpty();
        assertThat(post("/api/institution-holds/" + DOWN + "/release").statusCode()).isEqualTo(404);
    }

    @Test
    void whenBelvoReportsTheInstitutionHealthyAgainLinksThatWorkResolveWithoutAPromptAndTheRestArePrompted()
            throws Exception {
        String prefix = "back-" + UUID.randomUUID();
        List<String> links = seed(DOWN, "invalid", 10, prefix);
        http.admin("/sandbox/admin/institutions/" + DOWN + "/status", Map.of("status", "down"));
        readHealth();
        List<String> incidents = new ArrayList<>();
        for (String link : links) {
            incidents.add(report(link));
        }
        await().atMost(Duration.ofSeconds(30)).until(() -> count(incidents, "held") == 10);

        for (String link : links.subList(0, 8)) {
            http.admin("/sandbox/admin/links/" + link + "/status", Map.of("status", "valid"));
        }
        http.admin("/sandbox/admin/institutions/" + DOWN + "/status", Map.of("status", "healthy"));
        readHealth();

        assertThat(count(incidents.subList(0, 8), "resolved")).isEqualTo(8);
        assertThat(timeline(incidents.get(0))).anyMatch(line -> line.contains("repaired on the bank's side"));
        assertThat(deliveries(incidents.subList(0, 8))).isZero();
        assertThat(count(incidents.subList(8, 10), "prompting", "no_contact")).isEqualTo(2);
        assertThat(holds()).isEmpty();
        assertThat(jdbc.queryForObject("select ended_how from institution_hold where institution = ? "
                + "order by held_at desc fetch first 1 rows only", String.class, DOWN)).isEqualTo("bank_back");
    }

    @Test
    void anInstitutionNotOnHoldIsA404ProblemToReleaseOrRead() throws Exception {
        HttpResponse<String> answer = post("/api/institution-holds/erebor_mx_retail/release");
        assertThat(answer.statusCode()).isEqualTo(404);
        assertThat(answer.headers().firstValue("Content-Type")).hasValue("application/problem+json");
        assertThat(answer.body()).contains("is not on hold");
        assertThat(http.send(http.api("/api/institution-holds/erebor_mx_retail")).statusCode()).isEqualTo(404);
        assertThat(http.send(http.plain("/api/institution-holds")).statusCode()).as("no API key").isEqualTo(401);
    }

    /** The bank's past: a few incidents over the last days, so it has a baseline (closed, nobody's). */
    void pastWeekOf(String institution, int days) {
        for (int day = 1; day <= days; day++) {
            OffsetDateTime at = OffsetDateTime.now(ZoneOffset.UTC).minusDays(day);
            jdbc.update("insert into incident (id, link_id, institution, state, reason, signal_count, prompt_step, "
                    + "opened_at, updated_at, closed_at, version) values (?, ?, ?, 'resolved', 'invalid_credentials', 1, 0, "
                    + "?, ?, ?, 0)", UUID.randomUUID().toString(), UUID.randomUUID().toString(), institution, at, at, at);
        }
    }

    List<String> seed(String institution, String status, int count, String prefix) throws Exception {
        List<String> ids = new ArrayList<>();
        http.admin("/sandbox/admin/links", Map.of("institution", institution, "status", status, "count",
                String.valueOf(count), "external_id_prefix", prefix)).get("ids").forEach(id -> ids.add(id.asText()));
        return ids;
    }

    /** The app reports Belvo's 400 invalid_link for the link; answers the incident's id. */
    String report(String link) throws Exception {
        HttpResponse<String> answer = http.send(http.api("/api/link-errors").header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"link_id\":\"" + link
                        + "\",\"status\":400,\"code\":\"invalid_link\"}")));
        assertThat(answer.statusCode()).as(answer.body()).isEqualTo(202);
        return RelinkHttp.JSON.readTree(answer.body()).get("incident_id").asText();
    }

    void readHealth() {
        camel.sendBody("direct:institution.read-health", null);
    }

    HttpResponse<String> post(String path) throws Exception {
        return http.send(http.api(path).POST(HttpRequest.BodyPublishers.noBody()));
    }

    List<JsonNode> holds() throws Exception {
        List<JsonNode> holds = new ArrayList<>();
        RelinkHttp.JSON.readTree(http.send(http.api("/api/institution-holds")).body()).get("items").forEach(holds::add);
        return holds;
    }

    JsonNode holdOf(String institution) throws Exception {
        HttpResponse<String> answer = http.send(http.api("/api/institution-holds/" + institution));
        return answer.statusCode() == 200 ? RelinkHttp.JSON.readTree(answer.body()) : null;
    }

    String state(String incident) {
        return jdbc.queryForObject("select state from incident where id = ?", String.class, incident);
    }

    long count(List<String> incidents, String... states) {
        return incidents.stream().map(this::state).filter(List.of(states)::contains).count();
    }

    long deliveries(List<String> incidents) {
        return incidents.stream().mapToLong(id -> jdbc.queryForObject(
                "select count(*) from prompt_delivery where incident_id = ?", Long.class, id)).sum();
    }

    List<String> timeline(String incident) {
        return jdbc.queryForList("select detail from incident_event where incident_id = ? order by id", String.class,
                incident);
    }
}
