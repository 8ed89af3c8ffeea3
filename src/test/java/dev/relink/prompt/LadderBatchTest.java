package dev.relink.prompt;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import com.icegreen.greenmail.util.GreenMail;
import org.apache.camel.CamelContext;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.jdbc.core.JdbcTemplate;

import dev.relink.support.RelinkHttp;
import dev.relink.support.RelinkOnTestClock;

/**
 * The ladder under a backlog, through the whole app (webhooks from the emulator, real SMTP): claims are
 * bounded batches, one tick works through every due batch without waiting for the next tick, and step
 * 0 goes out when detection hands the incident over, with the scheduler not running at all. The
 * scheduler (route {@code prompt.due}) is stopped here; a test runs one tick by sending to
 * {@code direct:prompt.drain}, as the timer does. The classes of this base share the app, so the due
 * incidents of earlier classes may be in the backlog too: the batches are counted over all of them.
 */
class LadderBatchTest extends RelinkOnTestClock {

    /** RelinkOnTestClock's relink.prompt.batch-size. */
    static final int BATCH = 10;

    @Value("${local.server.port}")
    int port;
    @Autowired
    GreenMail smtp;
    @Autowired
    JdbcTemplate jdbc;
    @Autowired
    CamelContext camel;
    @Autowired
    Ladder ladder;

    RelinkHttp relink;

    @BeforeEach
    void noScheduler() throws Exception {
        relink = new RelinkHttp(port);
        camel.getRouteController().stopRoute("prompt.due");
    }

    /** The classes after this one share the app: its scheduler as the base has it. */
    @AfterEach
    void schedulerAgain() throws Exception {
        camel.getRouteController().startRoute("prompt.due");
    }

    @Test
    void stepZeroGoesOutWhenDetectionHandsTheIncidentOverWithoutATick() throws Exception {
        String user = "user-" + UUID.randomUUID();
        String email = "now." + user + "@example.com";
        relink.putContact(user, Map.of("email", email, "time_zone", "America/Mexico_City"));

        String link = relink.breakLink(user, "heimdall_mx_retail", "token_required");

        await().atMost(Duration.ofSeconds(20)).until(() -> smtp.getReceivedMessagesForDomain(email).length == 1);
        assertThat(jdbc.queryForObject("select count(*) from prompt_delivery d join incident i on i.id = d.incident_id"
                + " where i.link_id = ? and d.step = 0", Integer.class, link)).isEqualTo(1);
    }

    @Test
    void aBacklogIsClaimedInBoundedBatchesAndOneTickSendsAllOfIt() throws Exception {
        int users = 2 * BATCH + 1;
        List<String> emails = new ArrayList<>();
        List<String> links = new ArrayList<>();
        for (int i = 0; i < users; i++) {
            String user = "user-" + UUID.randomUUID();
            String email = "backlog." + user + "@example.com";
            emails.add(email);
            relink.putContact(user, Map.of("email", email, "time_zone", "America/Mexico_City"));
            links.add(relink.breakLink(user, "heimdall_mx_retail", "token_required"));
        }
        await().atMost(Duration.ofSeconds(30)).until(() -> emails.stream()
                .allMatch(email -> smtp.getReceivedMessagesForDomain(email).length == 1));
        List<String> ours = links.stream()
                .map(link -> jdbc.queryForObject("select id from incident where link_id = ?", String.class, link)).toList();

        // A day later every one of them is due for step 1 at the same moment.
        clock.advance(Duration.ofHours(25));
        List<String> claimed = new ArrayList<>();
        List<Integer> batches = new ArrayList<>();
        for (List<String> batch = ladder.claimDue(); !batch.isEmpty(); batch = ladder.claimDue()) {
            batches.add(batch.size());
            claimed.addAll(batch);
        }
        assertThat(claimed).as("each incident once").doesNotHaveDuplicates().containsAll(ours);
        List<Integer> full = new ArrayList<>(Collections.nCopies(claimed.size() / BATCH, BATCH));
        if (claimed.size() % BATCH > 0) {
            full.add(claimed.size() % BATCH);
        }
        assertThat(batches).as("bounded batches, each full but the last").isEqualTo(full);

        // Their claims run out; one tick then claims and sends every reminder, batch after batch.
        clock.advance(Duration.ofMinutes(6));
        ladderTick();
        assertThat(ours).as("claimed and queued for sending by that one tick").allSatisfy(incident -> assertThat(jdbc
                .queryForObject("select count(*) from prompt_delivery where step = 1 and incident_id = ?", Integer.class,
                        incident)).isEqualTo(1));
        await().atMost(Duration.ofSeconds(30)).until(() -> emails.stream()
                .allMatch(email -> smtp.getReceivedMessagesForDomain(email).length == 2));
    }
}
