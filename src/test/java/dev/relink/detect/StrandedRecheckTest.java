package dev.relink.detect;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.icegreen.greenmail.util.GreenMail;
import io.micrometer.core.instrument.MeterRegistry;
import org.apache.camel.CamelContext;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.jdbc.core.JdbcTemplate;

import dev.relink.incident.IncidentLifecycle;
import dev.relink.incident.Signal;
import dev.relink.support.OpsSession;
import dev.relink.support.RelinkHttp;
import dev.relink.support.RelinkOnTestClock;

/**
 * An incident whose re-check died with its replica: opened (its row committed) while the re-check
 * that would hand it to prompting waited in the memory of a process that then crashed. Here that is an
 * incident opened straight through the lifecycle, with no re-check queued at all. Once it has waited
 * relink.detect.recheck-lease (5 min, moved on the test's clock) it is asked again: by the sweep
 * (route detect.requeue-stranded, fired by the test; the timer that runs it is stopped) or by the
 * link's next signal.
 */
class StrandedRecheckTest extends RelinkOnTestClock {

    static final Duration PAST_THE_LEASE = Duration.ofMinutes(5).plusSeconds(1);

    @Value("${local.server.port}")
    int port;
    @Autowired
    GreenMail smtp;
    @Autowired
    JdbcTemplate jdbc;
    @Autowired
    CamelContext camel;
    @Autowired
    IncidentLifecycle incidents;
    @Autowired
    MeterRegistry meters;

    RelinkHttp relink;

    @BeforeEach
    void noTimedSweep() throws Exception {
        relink = new RelinkHttp(port);
        camel.getRouteController().stopRoute("detect.stranded-sweep");
    }

    /** The classes after this one share the app: its sweep runs on its timer again. */
    @AfterEach
    void timedSweepAgain() throws Exception {
        camel.getRouteController().startRoute("detect.stranded-sweep");
    }

    @Test
    void anIncidentWhoseReCheckWasLostIsReCheckedAndPromptedByTheSweepOnceOverdue() throws Exception {
        Stranded stranded = strandedIncident();

        sweep();
        assertThat(state(stranded.link())).as("not due yet: its re-check may still be on its way").isEqualTo("open");

        clock.advance(PAST_THE_LEASE);
        assertThat(meters.get("relink.incidents.overdue").gauge().value()).as("waiting past its due time")
                .isGreaterThanOrEqualTo(1);
        assertThat(overdueOnTheConsole()).isGreaterThanOrEqualTo(1);
        sweep();

        await().atMost(Duration.ofSeconds(30)).until(() -> smtp.getReceivedMessagesForDomain(stranded.email()).length == 1);
        assertThat(state(stranded.link())).isEqualTo("prompting");
        assertThat(jdbc.queryForObject("select count(*) from incident where recheck_due_at <= ? and state = 'open'",
                Integer.class, clock.instant().atOffset(ZoneOffset.UTC))).as("nothing overdue left").isZero();
        assertThat(overdueOnTheConsole()).isZero();
        sweep();
        assertThat(smtp.getReceivedMessagesForDomain(stranded.email())).as("asked once, prompted once").hasSize(1);
    }

    @Test
    void aRepeatedSignalForAnOverdueIncidentAsksAgainWithoutWaitingForTheSweep() throws Exception {
        Stranded stranded = strandedIncident();
        clock.advance(PAST_THE_LEASE);

        relink.admin("/sandbox/admin/webhooks", Map.of("webhook_type", "LINK", "webhook_code", "token_required",
                "link_id", stranded.link()));

        await().atMost(Duration.ofSeconds(30)).until(() -> smtp.getReceivedMessagesForDomain(stranded.email()).length == 1);
        assertThat(state(stranded.link())).isEqualTo("prompting");
        assertThat(jdbc.queryForObject("select signal_count from incident where link_id = ?", Integer.class,
                stranded.link())).as("the repeat joined the incident").isEqualTo(2);
    }

    @Test
    void aRepeatedSignalBeforeTheDueTimeQueuesNothingMore() throws Exception {
        Stranded stranded = strandedIncident();
        clock.advance(Duration.ofMinutes(4));

        relink.admin("/sandbox/admin/webhooks", Map.of("webhook_type", "LINK", "webhook_code", "token_required",
                "link_id", stranded.link()));

        await().atMost(Duration.ofSeconds(30)).until(() -> jdbc.queryForObject(
                "select signal_count from incident where link_id = ?", Integer.class, stranded.link()) == 2);
        assertThat(state(stranded.link())).as("its re-check is still within its lease").isEqualTo("open");
    }

    record Stranded(String link, String email) {
    }

    /** A broken link with a contact, and its incident opened with no re-check queued: as a crash leaves it. */
    private Stranded strandedIncident() throws Exception {
        String user = "user-" + UUID.randomUUID();
        String email = "stranded." + user + "@example.com";
        relink.putContact(user, Map.of("email", email, "time_zone", "America/Mexico_City"));
        String link = relink.admin("/sandbox/admin/links", Map.of("institution", "heimdall_mx_retail",
                "status", "token_required", "external_id", user)).path("ids").get(0).asText();
        incidents.open(new Signal(link, user, "heimdall_mx_retail", Signal.TOKEN_REQUIRED, Signal.WEBHOOK,
                "stranded-" + link, null));
        return new Stranded(link, email);
    }

    /** The overview's count of incidents waiting past their re-check's due time. */
    private long overdueOnTheConsole() throws Exception {
        Matcher tile = Pattern.compile("<strong id=\"overdue\">(\\d+)</strong>")
                .matcher(OpsSession.logIn(port).get("/ops").body());
        assertThat(tile.find()).as("the overview shows the count").isTrue();
        return Long.parseLong(tile.group(1));
    }

    private void sweep() {
        producer.sendBody("direct:detect.requeue-stranded", null);
    }

    private String state(String link) {
        return jdbc.queryForObject("select state from incident where link_id = ?", String.class, link);
    }
}
