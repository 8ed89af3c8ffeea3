package dev.relink.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.jdbc.core.JdbcTemplate;

import dev.relink.support.RelinkHttp;
import dev.relink.support.RelinkOnTestClock;

/**
 * The repair report end to end, on a clock the test moves: three people's incidents go through the real
 * flow (an email prompt repaired through the page, an SMS that Twilio reports delivered, after which the
 * person replies STOP and the link is fixed elsewhere a day later, and a person nobody can reach who starts
 * the widget and fails), and the report says what a user would check: each incident's funnel with its times,
 * the share repaired within 1, 3 and 7 days once those days have passed, the cost, the CSV and the gauges.
 */
class RepairReportTest extends RelinkOnTestClock {

    @Value("${local.server.port}")
    int port;
    @Autowired
    JdbcTemplate jdbc;

    RelinkHttp relink;

    @Test
    void theReportFollowsEachIncidentToItsRepairAndCountsRatesOnlyOnceTheirDaysHavePassed() throws Exception {
        relink = new RelinkHttp(port);
        Instant start = clock.instant();
        String tag = UUID.randomUUID().toString().substring(0, 8);

        // Ana: an email, the page viewed, the button pressed, the widget succeeds: repaired at once
        String ana = "report-ana-" + tag;
        relink.putContact(ana, Map.of("email", ana + "@example.com", "locale", "es"));
        String anasLink = relink.breakLink(ana, "erebor_mx_retail", "invalid_credentials");
        await().atMost(Duration.ofSeconds(30)).until(() -> providerIdOf(anasLink), id -> id != null); // the email went out
        String anasRepair = repairUrl(ana, anasLink);
        assertThat(relink.send(relink.plain(path(anasRepair))).statusCode()).isEqualTo(200);
        assertThat(startWidget(anasRepair).statusCode()).isEqualTo(200);
        relink.admin("/sandbox/admin/links/" + anasLink + "/status", Map.of("status", "valid"));
        widgetEvent(anasRepair, "{\"type\":\"success\",\"link\":\"" + anasLink + "\"}");
        await().atMost(Duration.ofSeconds(30)).until(() -> state(anasLink), "resolved"::equals);

        // Carla: no contact, so no prompt; she finds the link in the app, starts the widget, and it fails
        String carla = "report-carla-" + tag;
        String carlasLink = relink.breakLink(carla, "erebor_mx_retail", "invalid_credentials");
        await().atMost(Duration.ofSeconds(30)).until(() -> state(carlasLink), "no_contact"::equals);
        String carlasRepair = repairUrl(carla, carlasLink);
        assertThat(startWidget(carlasRepair).statusCode()).isEqualTo(200);
        widgetEvent(carlasRepair, "{\"type\":\"event\",\"data\":{\"eventName\":\"ERROR\",\"meta_data\":"
                + "{\"error_code\":\"login_error\",\"error_message\":\"Invalid credentials\"}}}");
        widgetEvent(carlasRepair, "{\"type\":\"exit\",\"data\":{\"last_encountered_error\":{\"code\":\"login_error\"}}}");

        // Bruno: an SMS Twilio reports delivered; he replies STOP; the link is fixed at the bank, no click
        String bruno = "report-bruno-" + tag;
        String phone = "+52155" + (10000000 + Math.abs(tag.hashCode() % 89999999));
        String sid = twilioAccepts(phone);
        relink.putContact(bruno, Map.of("phone", phone, "channel", "sms"));
        String brunosLink = relink.breakLink(bruno, "heimdall_mx_retail", "token_required");
        await().atMost(Duration.ofSeconds(30)).until(() -> providerIdOf(brunosLink), sid::equals);
        assertThat(twilio("/callbacks/twilio/status", Map.of("MessageSid", sid, "MessageStatus", "delivered",
                "AccountSid", TWILIO_SID))).isEqualTo(204);
        assertThat(twilio("/callbacks/twilio/inbound", Map.of("From", phone, "Body", "STOP", "AccountSid", TWILIO_SID)))
                .isEqualTo(200);
        relink.admin("/sandbox/admin/links/" + brunosLink + "/status", Map.of("status", "valid"));
        clock.advance(Duration.ofHours(25)); // the ladder's next step finds the link valid and closes the incident
        await().atMost(Duration.ofSeconds(60)).until(() -> {
            ladderTick();
            return state(brunosLink);
        }, "resolved"::equals);

        JsonNode anasFunnel = json(relink.api("/api/incidents/" + incidentId(anasLink) + "/funnel"));
        assertThat(anasFunnel.path("outcome").asText()).isEqualTo("repaired");
        assertThat(anasFunnel.path("prompts").get(0).path("channel").asText()).isEqualTo("email");
        assertThat(anasFunnel.path("prompts").get(0).path("locale").asText()).isEqualTo("es");
        assertThat(anasFunnel.path("prompts").get(0).path("template_variant").asText()).isEqualTo("default");
        assertThat(anasFunnel.path("page_viewed_at").isTextual()).isTrue();
        assertThat(anasFunnel.path("started_at").isTextual()).isTrue();
        assertThat(anasFunnel.path("widget").path("outcome").asText()).isEqualTo("success");
        assertThat(anasFunnel.path("seconds_to_repair").asLong()).isBetween(0L, 60L);
        JsonNode brunosFunnel = json(relink.api("/api/incidents/" + incidentId(brunosLink) + "/funnel"));
        assertThat(brunosFunnel.path("outcome").asText()).isEqualTo("repaired_without_click");
        assertThat(brunosFunnel.path("prompts").get(0).path("delivered").asBoolean()).isTrue();
        assertThat(brunosFunnel.path("opted_out_at").isTextual()).isTrue();
        assertThat(brunosFunnel.path("seconds_to_repair").asLong()).isGreaterThanOrEqualTo(Duration.ofHours(25).toSeconds());
        JsonNode carlasFunnel = json(relink.api("/api/incidents/" + incidentId(carlasLink) + "/funnel"));
        assertThat(carlasFunnel.path("outcome").asText()).isEqualTo("open");
        assertThat(carlasFunnel.path("prompts").size()).isZero();
        assertThat(carlasFunnel.path("widget").path("outcome").asText()).isEqualTo("error");
        assertThat(carlasFunnel.path("widget").path("error_code").asText()).isEqualTo("login_error");

        String period = "&from=" + start + "&to=" + start.plus(Duration.ofHours(1));
        clock.set(start.plus(Duration.ofHours(26)));
        Map<String, JsonNode> dayAfter = rows(json(relink.api("/api/report?by=channel" + period)));
        assertThat(dayAfter.keySet()).containsExactly("email", "none", "sms");
        assertThat(dayAfter.get("email").path("repair_rate_1d").asDouble()).isEqualTo(1.0);
        assertThat(dayAfter.get("sms").path("repair_rate_1d").asDouble()).as("Bruno took 25 hours").isEqualTo(0.0);
        assertThat(dayAfter.get("sms").path("repair_rate_3d").isNull()).as("3 days have not passed yet").isTrue();
        assertThat(dayAfter.get("sms").path("delivered").asLong()).isEqualTo(1);
        assertThat(dayAfter.get("sms").path("opt_out_rate").asDouble()).isEqualTo(1.0);
        assertThat(dayAfter.get("sms").path("repaired_without_click").asLong()).isEqualTo(1);
        assertThat(dayAfter.get("sms").path("cost_per_repair").decimalValue()).isEqualByComparingTo("0.0083");
        assertThat(dayAfter.get("email").path("cost").decimalValue()).isEqualByComparingTo("0.0001");
        assertThat(dayAfter.get("none").path("started").asLong()).isEqualTo(1);
        assertThat(dayAfter.get("none").path("widget_error").asLong()).isEqualTo(1);

        clock.set(start.plus(Duration.ofDays(8)));
        JsonNode weekAfter = json(relink.api("/api/report?by=channel" + period));
        Map<String, JsonNode> rows = rows(weekAfter);
        assertThat(rows.get("sms").path("repair_rate_3d").asDouble()).isEqualTo(1.0);
        assertThat(rows.get("sms").path("repair_rate_7d").asDouble()).isEqualTo(1.0);
        assertThat(rows.get("none").path("repair_rate_7d").asDouble()).isEqualTo(0.0);
        assertThat(weekAfter.path("total").path("repair_rate_7d").asDouble()).isEqualTo(2.0 / 3);
        assertThat(weekAfter.path("total").path("median_seconds_to_repair").asLong())
                .isGreaterThan(Duration.ofHours(12).toSeconds());
        assertThat(weekAfter.path("currency").asText()).isEqualTo("USD");
        assertThat(rows(json(relink.api("/api/report?by=institution" + period))).keySet())
                .containsExactly("erebor_mx_retail", "heimdall_mx_retail");
        assertThat(rows(json(relink.api("/api/report?by=step" + period))).keySet()).containsExactly("0", "none");

        HttpResponse<String> csv = relink.send(relink.api("/api/report.csv?by=reason" + period));
        assertThat(csv.statusCode()).isEqualTo(200);
        assertThat(csv.headers().firstValue("Content-Type").orElseThrow()).startsWith("text/csv");
        List<String> lines = csv.body().lines().toList();
        assertThat(lines.get(0)).startsWith("group,incidents,prompted,");
        assertThat(lines).extracting(line -> line.substring(0, line.indexOf(',')))
                .containsExactly("group", "invalid_credentials", "token_required", "all");

        String scrape = relink.send(relink.scrape("/actuator/prometheus")).body();
        assertThat(scrape).containsPattern("relink_report_repair_rate\\{[^}]*channel=\"sms\",within=\"3d\"} ")
                .containsPattern("relink_report_cost_per_repair\\{[^}]*channel=\"email\",currency=\"USD\"} ")
                .containsPattern("relink_report_incidents\\{[^}]*outcome=\"repaired_without_click\"} [1-9]");
        assertThat(scrape).doesNotContain(ana, bruno, carla, phone);
    }

    @Test
    void badParametersAreProblemsAndTheReportNeedsTheApiKey() throws Exception {
        relink = new RelinkHttp(port);
        HttpResponse<String> unknown = relink.send(relink.api("/api/report?by=colour"));
        assertThat(unknown.statusCode()).isEqualTo(400);
        assertThat(unknown.headers().firstValue("Content-Type").orElseThrow()).isEqualTo("application/problem+json");
        assertThat(RelinkHttp.JSON.readTree(unknown.body()).path("type").asText()).endsWith("/unknown-dimension");
        HttpResponse<String> badDate = relink.send(relink.api("/api/report.csv?from=last+week"));
        assertThat(badDate.statusCode()).isEqualTo(400);
        assertThat(RelinkHttp.JSON.readTree(badDate.body()).path("type").asText()).endsWith("/bad-date");
        assertThat(relink.send(relink.api("/api/incidents/no-such-incident/funnel")).statusCode()).isEqualTo(404);
        assertThat(relink.send(relink.plain("/api/report")).statusCode()).isEqualTo(401);
        assertThat(relink.send(relink.plain("/api/report.csv")).statusCode()).isEqualTo(401);
    }

    private String repairUrl(String externalId, String linkId) throws Exception {
        return await().atMost(Duration.ofSeconds(30)).ignoreExceptions().until(() -> {
            for (JsonNode link : json(relink.api("/api/users/" + externalId + "/links-needing-update")).path("links")) {
                if (linkId.equals(link.path("link_id").asText())) {
                    return link.path("repair_url").asText(null);
                }
            }
            return null;
        }, url -> url != null);
    }

    private HttpResponse<String> startWidget(String repairUrl) throws Exception {
        return relink.send(relink.plain(path(repairUrl) + "/start").header("Sec-Fetch-Site", "same-origin")
                .POST(HttpRequest.BodyPublishers.noBody()));
    }

    private void widgetEvent(String repairUrl, String json) throws Exception {
        HttpResponse<String> answer = relink.send(relink.plain(path(repairUrl) + "/events")
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(json)));
        assertThat(answer.statusCode()).as(answer.body()).isEqualTo(202);
    }

    /** A callback from the stand-in Twilio, signed as Twilio signs it. */
    private int twilio(String path, Map<String, String> params) throws Exception {
        String form = params.entrySet().stream().map(e -> e.getKey() + "=" + URLEncoder.encode(e.getValue(),
                StandardCharsets.UTF_8)).collect(Collectors.joining("&"));
        return relink.send(relink.plain(path).header("Content-Type", "application/x-www-form-urlencoded")
                .header("X-Twilio-Signature", twilioSignature("http://localhost:" + port + path, params))
                .POST(HttpRequest.BodyPublishers.ofString(form))).statusCode();
    }

    private static String path(String url) {
        return url.substring(url.indexOf("/repair/"));
    }

    private String state(String linkId) throws Exception {
        JsonNode items = json(relink.api("/api/incidents?link_id=" + linkId)).path("items");
        return items.isEmpty() ? null : items.get(0).path("state").asText();
    }

    private String incidentId(String linkId) throws Exception {
        return json(relink.api("/api/incidents?link_id=" + linkId)).path("items").get(0).path("id").asText();
    }

    private String providerIdOf(String linkId) {
        List<String> ids = jdbc.queryForList("select d.provider_id from prompt_delivery d join incident i on i.id = d.incident_id"
                + " where i.link_id = ? and d.provider_id is not null", String.class, linkId);
        return ids.isEmpty() ? null : ids.get(0);
    }

    private JsonNode json(HttpRequest.Builder request) throws Exception {
        HttpResponse<String> answer = relink.send(request);
        assertThat(answer.statusCode()).as(answer.body()).isEqualTo(200);
        return RelinkHttp.JSON.readTree(answer.body());
    }

    private static Map<String, JsonNode> rows(JsonNode report) {
        Map<String, JsonNode> rows = new java.util.LinkedHashMap<>();
        report.path("rows").forEach(row -> rows.put(row.path("group").asText(), row));
        return rows;
    }
}
