package dev.relink.prompt;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import com.icegreen.greenmail.util.GreenMail;
import org.apache.camel.CamelContext;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Import;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import dev.relink.support.RelinkHttp;
import dev.relink.support.RelinkIntegrationTest;

/**
 * The ladder under a backlog, through the whole app (webhooks from the emulator, real SMTP): claims are
 * bounded batches, one tick works through every due batch without waiting for the next tick, and step
 * 0 goes out when detection hands the incident over, with the scheduler not running at all. The
 * scheduler (route {@code prompt.due}) is stopped here; a test runs one tick by sending to
 * {@code direct:prompt.drain}, as the timer does.
 */
@Import(MutableClock.InTheApp.class)
class LadderBatchTest extends RelinkIntegrationTest {

    static final int BATCH = 3;

    @DynamicPropertySource
    static void slowTicksSmallBatches(DynamicPropertyRegistry registry) {
        registry.add("relink.prompt.tick-interval", () -> "3600000");
        registry.add("relink.prompt.batch-size", () -> String.valueOf(BATCH));
    }

    @Value("${local.server.port}")
    int port;
    @Autowired
    GreenMail smtp;
    @Autowired
    MutableClock clock;
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
        for (int i = 0; i < users; i++) {
            String user = "user-" + UUID.randomUUID();
            String email = "backlog." + user + "@example.com";
            emails.add(email);
            relink.putContact(user, Map.of("email", email, "time_zone", "America/Mexico_City"));
            relink.breakLink(user, "heimdall_mx_retail", "token_required");
        }
        await().atMost(Duration.ofSeconds(30)).until(() -> emails.stream()
                .allMatch(email -> smtp.getReceivedMessagesForDomain(email).length == 1));

        // A day later every one of them is due for step 1 at the same moment.
        clock.advance(Duration.ofHours(25));
        Set<String> claimed = new HashSet<>();
        List<Integer> batches = new ArrayList<>();
        for (List<String> batch = ladder.claimDue(); !batch.isEmpty(); batch = ladder.claimDue()) {
            batches.add(batch.size());
            claimed.addAll(batch);
        }
        assertThat(batches).as("bounded batches, each incident once").containsExactly(BATCH, BATCH, 1);
        assertThat(claimed).hasSize(users);

        // Their claims run out; one tick then claims and sends every reminder, batch after batch.
        clock.advance(Duration.ofMinutes(6));
        camel.createProducerTemplate().sendBody("direct:prompt.drain", null);
        assertThat(jdbc.queryForObject("select count(*) from prompt_delivery where step = 1", Integer.class))
                .as("claimed and queued for sending by that one tick").isEqualTo(users);
        await().atMost(Duration.ofSeconds(30)).until(() -> emails.stream()
                .allMatch(email -> smtp.getReceivedMessagesForDomain(email).length == 2));
    }
}
