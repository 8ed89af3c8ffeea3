package dev.relink.institution;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import com.fasterxml.jackson.databind.JsonNode;
import org.apache.camel.ProducerTemplate;
import org.springframework.jdbc.core.JdbcTemplate;

import dev.relink.support.RelinkHttp;

/**
 * What the institution hold tests do to the app and the emulator, and what they read back. Each test
 * takes banks of its own ({@link #freshBank}): other classes in the same context break links, hold and
 * take down the emulator's fixed banks, and a spike is judged on every incident of its bank in the
 * window, so a shared bank would make a test depend on what ran before it.
 */
final class HoldFixture {

    final RelinkHttp http;
    private final JdbcTemplate jdbc;
    private final ProducerTemplate camel;
    private final List<String> banks = new ArrayList<>();

    HoldFixture(int port, JdbcTemplate jdbc, ProducerTemplate camel) {
        this.http = new RelinkHttp(port);
        this.jdbc = jdbc;
        this.camel = camel;
    }

    /** A bank nobody else has used: the emulator adds it under a generated name, healthy, with no past. */
    String freshBank() throws Exception {
        String bank = http.admin("/sandbox/admin/institutions", Map.of("count", "1")).get("names").get(0).asText();
        banks.add(bank);
        return bank;
    }

    /** This test's banks healthy again, Belvo's word on them forgotten, their holds closed: nothing is left for a later test. */
    void banksBackAndHoldsClosed() throws Exception {
        for (String bank : banks) {
            bankIs(bank, "healthy");
            jdbc.update("delete from institution_status where name = ?", bank);
            post("/api/institution-holds/" + bank + "/close-bank-side");
        }
    }

    /** Belvo reports the emulated bank {@code healthy} or {@code down}. */
    void bankIs(String bank, String status) throws Exception {
        http.admin("/sandbox/admin/institutions/" + bank + "/status", Map.of("status", status));
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

    /** {@code count} broken (invalid) links at the institution, each person with an email address of their own. */
    List<String> seedWithEmails(String institution, int count, String prefix) throws Exception {
        List<String> links = seed(institution, "invalid", count, prefix);
        for (int i = 1; i <= count; i++) {
            http.putContact(prefix + "-" + i, Map.of("email", prefix + "-" + i + "@example.com"));
        }
        return links;
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

    /** Belvo reports the bank down (the poll reads it), then the app reports each link broken: answers their incidents, once all are held. */
    List<String> reportedWhileDown(String bank, List<String> links) throws Exception {
        bankIs(bank, "down");
        readHealth();
        List<String> incidents = new ArrayList<>();
        for (String link : links) {
            incidents.add(report(link));
        }
        await().atMost(Duration.ofSeconds(30)).until(() -> count(incidents, "held") == incidents.size());
        return incidents;
    }

    /** What the poll does first: reads Belvo's list of institutions it reports down. */
    void readHealth() {
        camel.sendBody("direct:institution.read-health", null);
    }

    HttpResponse<String> post(String path) throws Exception {
        return http.send(http.api(path).POST(HttpRequest.BodyPublishers.noBody()));
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

    /** The incident's prompts that went out (the provider took them). */
    long sent(String incident) {
        return jdbc.queryForObject("select count(*) from prompt_delivery where incident_id = ? and status <> 'sending'",
                Long.class, incident);
    }

    /** The incident's prompts claimed and waiting in their channel's queue. */
    long queued(String incident) {
        return jdbc.queryForObject("select count(*) from prompt_delivery where incident_id = ? and status = 'sending'",
                Long.class, incident);
    }

    List<String> timeline(String incident) {
        return jdbc.queryForList("select detail from incident_event where incident_id = ? order by id", String.class,
                incident);
    }
}
