package dev.relink.prompt;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import com.icegreen.greenmail.util.GreenMail;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.JdbcTemplate;

import dev.relink.RelinkApplication;
import dev.relink.support.FreePorts;
import dev.relink.support.RelinkHttp;
import dev.relink.support.SharedPostgres;
import dev.relink.support.TempDirectories;

/**
 * Two replicas of Relink on one PostgreSQL, racing for the same ladder steps on a shared clock: every
 * step goes out exactly once. Replica A runs the sandbox (Belvo emulator, SMTP capture); replica B
 * talks to A's emulator and SMTP, as two pods would talk to one Belvo and one mail relay.
 */
class PromptReplicasIT {

    static final int USERS = 12;
    static final MutableClock CLOCK = new MutableClock(Instant.parse("2026-11-25T18:00:00Z"));

    static SharedPostgres.Database postgres;
    static ConfigurableApplicationContext a;
    static ConfigurableApplicationContext b;
    static int portA;

    @BeforeAll
    static void twoReplicas() throws Exception {
        postgres = SharedPostgres.freshDatabase();
        portA = FreePorts.next();
        int smtp = FreePorts.next();
        a = replica("relink-a", portA, Map.of("relink.sandbox.smtp-port", smtp));
        b = replica("relink-b", FreePorts.next(), Map.of("relink.mail.port", smtp,
                "relink.sandbox.enabled", false, "relink.belvo.base-url", "http://localhost:" + portA + "/sandbox"));
    }

    @AfterAll
    static void stop() throws Exception {
        for (ConfigurableApplicationContext replica : new ConfigurableApplicationContext[] {b, a}) {
            if (replica != null) {
                replica.close();
            }
        }
    }

    @Test
    void eachLadderStepIsSentOnceWhileBothReplicasRace() throws Exception {
        GreenMail smtp = a.getBean(GreenMail.class);
        RelinkHttp relink = new RelinkHttp(portA);
        List<String> emails = new ArrayList<>();
        for (int i = 0; i < USERS; i++) {
            String user = "replica-user-" + i;
            String email = user + "@example.com";
            emails.add(email);
            relink.putContact(user, Map.of("email", email, "time_zone", "America/Mexico_City"));
            relink.breakLink(user, "heimdall_mx_retail", "token_required");
        }
        await().atMost(Duration.ofSeconds(60)).until(() -> smtp.getReceivedMessages().length >= USERS);

        CLOCK.advance(Duration.ofHours(24));
        await().atMost(Duration.ofSeconds(60)).until(() -> smtp.getReceivedMessages().length >= 2 * USERS);
        CLOCK.advance(Duration.ofHours(48));
        await().atMost(Duration.ofSeconds(60)).until(() -> smtp.getReceivedMessages().length >= 3 * USERS);

        // Give a late duplicate every chance to show up: both replicas tick every 100 ms.
        JdbcTemplate jdbc = a.getBean(JdbcTemplate.class);
        await().atMost(Duration.ofSeconds(30)).until(() -> jdbc.queryForObject(
                "select count(*) from incident where state = 'prompting' and next_prompt_at > ?", Integer.class,
                java.time.OffsetDateTime.ofInstant(CLOCK.instant(), java.time.ZoneOffset.UTC)) == USERS);
        for (String email : emails) {
            assertThat(smtp.getReceivedMessagesForDomain(email)).as(email).hasSize(3);
        }
        assertThat(jdbc.queryForObject("select count(*) from prompt_delivery", Integer.class)).isEqualTo(3 * USERS);
        assertThat(jdbc.queryForList("select distinct status from prompt_delivery", String.class)).containsExactly("sent");
        assertThat(emailsSentBy(a)).as("replica A sent some").isPositive();
        assertThat(emailsSentBy(b)).as("replica B sent some: the race was real").isPositive();
        assertThat(emailsSentBy(a) + emailsSentBy(b)).isEqualTo(3 * USERS);
    }

    /** Exchanges route prompt.send-email completed on that replica (Camel's route metrics). */
    private static double emailsSentBy(ConfigurableApplicationContext replica) {
        return replica.getBean(MeterRegistry.class).find("camel.exchanges.succeeded").tag("routeId", "prompt.send-email")
                .counters().stream().mapToDouble(Counter::count).sum();
    }

    private static ConfigurableApplicationContext replica(String name, int port, Map<String, Object> extra) throws Exception {
        Map<String, Object> properties = new HashMap<>(extra);
        properties.put("server.port", port);
        properties.put("camel.main.name", name);
        properties.put("spring.datasource.url", postgres.jdbcUrl());
        properties.put("spring.datasource.username", "postgres");
        properties.put("spring.datasource.password", "postgres");
        properties.put("relink.data-dir", TempDirectories.create("relink-" + name).toString());
        properties.put("relink.prompt.tick-interval", "100");
        // only this test's links: the local profile's minute-by-minute poll would prompt the demo links too
        properties.put("relink.poll.cron", "0 0 0 1 1 ? 2099");
        // small batches, so both replicas claim some of the twelve at every step
        properties.put("relink.prompt.batch-size", "3");
        // As command-line arguments: they win over application-local.yaml, as a pod's environment would.
        return new SpringApplicationBuilder(RelinkApplication.class).profiles("local")
                .initializers(context -> context.getBeanFactory().registerSingleton("clock", CLOCK))
                .run(properties.entrySet().stream().map(e -> "--" + e.getKey() + "=" + e.getValue()).toArray(String[]::new));
    }
}
