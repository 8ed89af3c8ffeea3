package dev.relink.privacy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import com.fasterxml.jackson.databind.JsonNode;
import com.icegreen.greenmail.util.GreenMail;
import org.apache.camel.CamelContext;
import org.apache.camel.builder.NotifyBuilder;
import org.junit.jupiter.api.Test;
import org.quartz.JobKey;
import org.quartz.Scheduler;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.jdbc.core.JdbcTemplate;

import dev.relink.incident.IncidentLifecycle;
import dev.relink.support.RelinkHttp;
import dev.relink.support.RelinkOnTestClock;

/**
 * The retention purge (route retention.purge, run by triggering its Quartz job) on a clock moved by hand:
 * what is older than its relink.retention.* default goes, what is recent stays, and the counts stay.
 */
class RetentionTest extends RelinkOnTestClock {

    @Value("${local.server.port}")
    int port;
    @Autowired
    JdbcTemplate jdbc;
    @Autowired
    GreenMail smtp;
    @Autowired
    IncidentLifecycle incidents;
    @Autowired
    Scheduler quartz;
    @Autowired
    CamelContext camel;

    @Test
    void purgeDropsWhatOutlivedItsRetentionKeepsWhatIsRecentAndKeepsTheCounts() throws Exception {
        RelinkHttp relink = new RelinkHttp(port);
        Instant start = clock.instant();
        String old = closedIncident(relink);
        long oldDeadLetter = deadLetter("replayed", clock.instant());
        long oldPending = deadLetter("pending", null);
        clock.advance(Duration.ofDays(100)); // past every default: 30 days, and 90 for closed incidents
        String recent = closedIncident(relink);
        long recentDeadLetter = deadLetter("replayed", clock.instant());
        JsonNode funnel = funnel(relink, start);
        long deliveries = count("select count(*) from prompt_delivery");
        long recentTimeline = count("select count(*) from incident_event where incident_id = ?", recent);

        NotifyBuilder purged = new NotifyBuilder(camel).fromRoute("retention.purge").whenCompleted(1).create();
        quartz.triggerJob(JobKey.jobKey("purge", "retention")); // quartz:retention/purge
        assertThat(purged.matches(30, TimeUnit.SECONDS)).isTrue();

        // the old incident stays as a count: state, reason and one timeline line per type, nothing of its person
        Map<String, Object> forgotten = jdbc.queryForMap("select * from incident where id = ?", old);
        assertThat(forgotten).containsEntry("STATE", "resolved").containsEntry("EXTERNAL_ID", null)
                .containsEntry("LINK_ID", null);
        assertThat(forgotten.get("FORGOTTEN_AT")).isNotNull();
        assertThat(count("select count(*) from incident_event where incident_id = ? and detail is not null", old)).isZero();
        assertThat(count("select count(*) from incident_event where incident_id = ?", old))
                .isEqualTo(count("select count(distinct type) from incident_event where incident_id = ?", old));
        assertThat(count("select count(*) from prompt_delivery where incident_id = ? and recipient_masked is not null",
                old)).isZero();
        assertThat(count("select count(*) from webhook_inbox where received_at < ?", at(start.plusSeconds(3600)))).isZero();
        assertThat(count("select count(*) from app_event where incident_id = ?", old)).isZero();
        assertThat(ids("select id from dead_letter")).doesNotContain(oldDeadLetter).contains(oldPending, recentDeadLetter);
        // the recent ones are untouched
        assertThat(jdbc.queryForObject("select external_id from incident where id = ?", String.class, recent)).isNotNull();
        assertThat(count("select count(*) from incident_event where incident_id = ?", recent)).isEqualTo(recentTimeline);
        assertThat(count("select count(*) from webhook_inbox where received_at >= ?", at(clock.instant().minusSeconds(3600))))
                .isPositive();
        assertThat(count("select count(*) from app_event where incident_id = ? and status = 'delivered'", recent)).isPositive();
        // and nothing counted was lost
        assertThat(count("select count(*) from prompt_delivery")).isEqualTo(deliveries);
        assertThat(funnel(relink, start)).isEqualTo(funnel);
    }

    /** A broken link prompted by email, the app told, then resolved: an incident closed now. */
    private String closedIncident(RelinkHttp relink) throws Exception {
        String user = "retention-" + UUID.randomUUID();
        String email = user + "@retention.example";
        relink.putContact(user, Map.of("email", email));
        String link = relink.breakLink(user, "heimdall_mx_retail", "token_required");
        await().atMost(Duration.ofSeconds(60)).until(() -> smtp.getReceivedMessagesForDomain(email).length == 1);
        String id = await().atMost(Duration.ofSeconds(30)).until(() -> ids("select id from incident where link_id = '"
                + link + "' and exists (select 1 from prompt_delivery d where d.incident_id = incident.id and d.status = 'sent')"),
                found -> found.size() == 1).get(0).toString();
        assertThat(incidents.resolve(id, "the user fixed it")).isTrue();
        // opened, prompted, resolved: all taken by the app, now
        await().atMost(Duration.ofSeconds(30)).until(() -> count("select count(*) from app_event where incident_id = ?"
                + " and status = 'delivered'", id) == 3);
        return id;
    }

    private long deadLetter(String status, Instant replayedAt) {
        Timestamp now = Timestamp.from(clock.instant());
        jdbc.update("insert into dead_letter (route_id, body, body_type, headers, attempts, first_failed_at, last_failed_at,"
                + " status, replayed_at) values ('prompt.send-email', 'x', 'java.lang.String', '{}', 1, ?, ?, ?, ?)",
                now, now, status, replayedAt == null ? null : Timestamp.from(replayedAt));
        return jdbc.queryForObject("select max(id) from dead_letter", Long.class);
    }

    private JsonNode funnel(RelinkHttp relink, Instant since) throws Exception {
        return RelinkHttp.JSON.readTree(relink.send(relink.api("/api/incidents/funnel?since="
                + URLEncoder.encode(since.minusSeconds(60).atOffset(ZoneOffset.UTC).toString(), StandardCharsets.UTF_8)))
                .body()).path("rows");
    }

    private List<Object> ids(String sql) {
        return jdbc.queryForList(sql, Object.class);
    }

    private long count(String sql, Object... args) {
        Long count = jdbc.queryForObject(sql, Long.class, args);
        return count == null ? 0 : count;
    }

    private static Timestamp at(Instant instant) {
        return Timestamp.from(instant);
    }
}
