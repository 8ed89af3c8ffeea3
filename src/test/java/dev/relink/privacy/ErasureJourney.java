package dev.relink.privacy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;
import com.icegreen.greenmail.util.GreenMail;
import jakarta.mail.Multipart;
import jakarta.mail.internet.MimeMessage;

import org.springframework.jdbc.core.JdbcTemplate;

import dev.relink.support.RelinkHttp;

/**
 * The erasure journey, the same on H2 and PostgreSQL, against a running Relink whose mail goes to the
 * GreenMail it is given (running; the journey stops it, and the caller may start it again) and whose app
 * webhook is a WireMock: a person with a contact and an identity, two broken links (the first prompted by
 * email, the second's prompt dead-lettered with SMTP down), the app told of both; then the app deletes
 * the contact, and no text column of any table names the person.
 */
final class ErasureJourney {

    static final Pattern REPAIR_URL = Pattern.compile("http://localhost:\\d+/repair/[A-Za-z0-9_.-]+");

    private final RelinkHttp relink;
    private final JdbcTemplate jdbc;
    private final GreenMail smtp;
    private final Random random = new Random();

    ErasureJourney(RelinkHttp relink, JdbcTemplate jdbc, GreenMail smtp) {
        this.relink = relink;
        this.jdbc = jdbc;
        this.smtp = smtp;
    }

    void run() throws Exception {
        OffsetDateTime started = OffsetDateTime.now(ZoneOffset.UTC).minusMinutes(1);
        String user = "erasure-" + UUID.randomUUID();
        String name = "Zelda Quintessa " + letters(8);
        String email = "zq." + letters(10) + "@erasure.example";
        String phone = "+5511" + (900000000 + random.nextInt(99999999));
        String cpf = cpf();
        String fullName = "Zelda Quintessa " + letters(8) + " da Silva";
        relink.putContact(user, Map.of("name", name, "email", email, "phone", phone));
        HttpResponse<String> identity = relink.send(relink.api("/api/contacts/" + user + "/identity")
                .header("Content-Type", "application/json").PUT(HttpRequest.BodyPublishers.ofString(
                        RelinkHttp.JSON.writeValueAsString(Map.of("cpf", cpf, "full_name", fullName)))));
        assertThat(identity.statusCode()).as(identity.body()).isIn(200, 201);

        String repairUrl;
        String prompted;
        try {
            prompted = relink.breakLink(user, "heimdall_mx_retail", "token_required");
            MimeMessage mail = await().atMost(Duration.ofSeconds(60))
                    .until(() -> smtp.getReceivedMessagesForDomain(email), mails -> mails.length == 1)[0];
            Matcher url = REPAIR_URL.matcher((String) ((Multipart) mail.getContent()).getBodyPart(0).getContent());
            assertThat(url.find()).as("a repair link in the prompt").isTrue();
            repairUrl = url.group();
        } finally {
            smtp.stop();
        }
        // SMTP is down now: the second link's prompt is dead-lettered, with the address and a live repair link
        String deadLettered = relink.breakLink(user, "heimdall_mx_retail", "invalid_credentials");
        await().atMost(Duration.ofSeconds(60)).until(() -> count("select count(*) from dead_letter where route_id = "
                + "'prompt.send-email' and body like ?", "%" + email + "%") == 1);
        List<String> incidents = jdbc.queryForList("select id from incident where link_id in (?, ?)", String.class,
                prompted, deadLettered);
        assertThat(incidents).hasSize(2);
        // the app heard of both incidents and of the prompt that went out
        await().atMost(Duration.ofSeconds(30)).until(() -> count("select count(*) from app_event where status = "
                + "'delivered' and incident_id in (?, ?)", incidents.get(0), incidents.get(1)) >= 3);
        assertThat(relink.send(relink.plain(path(repairUrl))).statusCode()).as("the repair link works").isEqualTo(200);

        List<String> traces = List.of(user, name, email, phone, phone.substring(1), cpf, fullName, prompted, deadLettered);
        assertThat(whereFound(traces).keySet()).as("the scan sees the person before the erasure")
                .contains("contact", "contact_identity", "incident", "webhook_inbox", "app_event", "dead_letter");
        long deliveries = count("select count(*) from prompt_delivery where incident_id in (?, ?)", incidents.get(0),
                incidents.get(1));
        long timelineTypes = count("select count(distinct incident_id || type) from incident_event where incident_id in (?, ?)",
                incidents.get(0), incidents.get(1));
        JsonNode funnel = funnel(started);
        JsonNode report = report(started);

        HttpResponse<String> erased = relink.send(relink.api("/api/contacts/" + user).DELETE());

        assertThat(erased.statusCode()).as(erased.body()).isEqualTo(204);
        assertThat(whereFound(traces)).as("tables and columns still naming the person").isEmpty();
        assertThat(relink.send(relink.api("/api/contacts/" + user)).statusCode()).isEqualTo(404);
        assertThat(relink.send(relink.api("/api/contacts/" + user).DELETE()).statusCode())
                .as("nothing left to erase").isEqualTo(404);
        // counts, not people: both incidents stay, closed as erased, with their reasons and funnel stages
        for (String id : incidents) {
            JsonNode incident = RelinkHttp.JSON.readTree(relink.send(relink.api("/api/incidents/" + id)).body());
            assertThat(incident.path("state").asText()).isEqualTo("erased");
            assertThat(incident.path("reason").asText()).isNotBlank();
            assertThat(incident.has("external_id")).isFalse();
            assertThat(incident.has("link_id")).isFalse();
        }
        assertThat(count("select count(*) from prompt_delivery where incident_id in (?, ?)", incidents.get(0),
                incidents.get(1))).isEqualTo(deliveries);
        assertThat(count("select count(distinct incident_id || type) from incident_event where incident_id in (?, ?)"
                + " and type <> 'erased'", incidents.get(0), incidents.get(1))).isEqualTo(timelineTypes);
        assertThat(funnel(started)).as("the funnel counts the same").isEqualTo(funnel);
        JsonNode reportAfter = report(started);
        for (String figure : List.of("incidents", "prompted", "messages", "page_viewed")) {
            assertThat(reportAfter.path(figure)).as("the report counts the same " + figure).isEqualTo(report.path(figure));
        }
        assertThat(reportAfter.path("never").asLong()).as("the erased incidents were never repaired")
                .isEqualTo(report.path("never").asLong() + 2);
        // the old repair link opens no widget: the page's "this link has expired" state
        HttpResponse<String> page = relink.send(relink.plain(path(repairUrl)));
        assertThat(page.statusCode()).isEqualTo(410);
        assertThat(page.body()).contains("repair-expired").doesNotContain("repair-widget");
        assertThat(relink.send(relink.api("/api/dead-letters?route=prompt.send-email")).body()).doesNotContain(email);
    }

    /** Every table and text column where one of {@code traces} appears, with the traces found there. */
    Map<String, List<String>> whereFound(List<String> traces) {
        Map<String, List<String>> found = new LinkedHashMap<>();
        List<Map<String, Object>> columns = jdbc.queryForList("select table_name, column_name from information_schema.columns"
                + " where lower(table_schema) = 'public' and lower(data_type) in"
                + " ('character varying', 'text', 'character', 'character large object')");
        assertThat(columns).hasSizeGreaterThan(30);
        for (Map<String, Object> column : columns) {
            String table = (String) column.get("table_name");
            String name = (String) column.get("column_name");
            for (String trace : traces) {
                if (count("select count(*) from \"" + table + "\" where \"" + name + "\" like ?", "%" + trace + "%") > 0) {
                    found.computeIfAbsent(table.toLowerCase(), t -> new ArrayList<>()).add(name.toLowerCase() + ": " + trace);
                }
            }
        }
        return found;
    }

    private JsonNode funnel(OffsetDateTime since) throws Exception {
        return RelinkHttp.JSON.readTree(relink.send(relink.api("/api/incidents/funnel?since="
                + URLEncoder.encode(since.toString(), StandardCharsets.UTF_8))).body()).path("rows");
    }

    /** The repair report's total over the incidents detected since then (its SQL on this database). */
    private JsonNode report(OffsetDateTime since) throws Exception {
        HttpResponse<String> report = relink.send(relink.api("/api/report?by=institution&from="
                + URLEncoder.encode(since.toString(), StandardCharsets.UTF_8)));
        assertThat(report.statusCode()).as(report.body()).isEqualTo(200);
        return RelinkHttp.JSON.readTree(report.body()).path("total");
    }

    private long count(String sql, Object... args) {
        Long count = jdbc.queryForObject(sql, Long.class, args);
        return count == null ? 0 : count;
    }

    private static String path(String url) {
        return url.substring(url.indexOf("/repair/"));
    }

    private String letters(int n) {
        StringBuilder word = new StringBuilder();
        for (int i = 0; i < n; i++) {
            word.append((char) ('a' + random.nextInt(26)));
        }
        return word.toString();
    }

    /** A CPF with valid check digits. */
    private String cpf() {
        int[] digits = new int[11];
        for (int i = 0; i < 9; i++) {
            digits[i] = random.nextInt(10);
        }
        for (int check = 9; check < 11; check++) {
            int sum = 0;
            for (int i = 0; i < check; i++) {
                sum += digits[i] * (check + 1 - i);
            }
            digits[check] = sum * 10 % 11 % 10;
        }
        StringBuilder cpf = new StringBuilder();
        for (int digit : digits) {
            cpf.append(digit);
        }
        return cpf.toString();
    }
}
