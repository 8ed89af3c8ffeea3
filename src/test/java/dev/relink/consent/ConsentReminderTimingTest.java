package dev.relink.consent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.temporal.ChronoUnit;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.icegreen.greenmail.util.GreenMail;
import jakarta.mail.MessagingException;
import jakarta.mail.internet.MimeMessage;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.jdbc.core.JdbcTemplate;

import dev.relink.support.RelinkHttp;
import dev.relink.support.RelinkOnTestClock;

/**
 * A consent warning's reminders go before the consent's due date, on the test clock: step 0 at once,
 * the ladder's later steps (default +24 h, +72 h) as planned while they fall before the date; one that
 * would fall on or after it is moved to 24 h before the date (relink.consent.last-reminder-before) when
 * that is still ahead, else to the date itself, where it goes out as consent_expired (the daily cap
 * still applies). The test fires the ladder's tick after each move of the clock.
 */
class ConsentReminderTimingTest extends RelinkOnTestClock {

    static final String WARNING = "Relink: renove seu consentimento com OF Mockbank";
    static final String EXPIRED = "Relink: seu consentimento com OF Mockbank venceu";

    @Value("${local.server.port}")
    int port;
    @Autowired
    GreenMail smtp;
    @Autowired
    JdbcTemplate jdbc;

    ConsentFixture ofda;
    /** When the test began: the next 15:00 UTC (noon in São Paulo) after the last test's time; time only moves forward. */
    Instant start;

    @BeforeEach
    void clients() {
        start = clock.instant().truncatedTo(ChronoUnit.DAYS).plus(Duration.ofDays(1)).plus(Duration.ofHours(15));
        clock.set(start);
        ofda = new ConsentFixture(new RelinkHttp(port), smtp);
    }

    @Test
    void aConsentDueInTwoDaysIsWarnedTwiceAndTheNextReminderWaitsForTheDateAndSaysItExpired() throws Exception {
        ConsentFixture.OfdaLink link = ofda.ofdaUser(2);
        ofda.consentWebhook(link, "openfinance_consent_about_to_expire", null);
        assertThat(subjects(link, 1)).containsExactly(WARNING);
        Instant due = dueAt(link);
        assertThat(due).isEqualTo(start.plus(Duration.ofDays(2)));
        awaitNextPromptAt(link, start.plus(Duration.ofHours(24))); // step 1 falls before the date: as planned

        clock.set(start.plus(Duration.ofHours(24)));
        assertThat(subjects(link, 2)).containsExactly(WARNING, WARNING);
        awaitNextPromptAt(link, due);
        assertThat(timeline(link)).contains("reminder_moved", "step 2 moved from " + start.plus(Duration.ofHours(72)));

        clock.set(due);
        assertThat(subjects(link, 3)).containsExactly(WARNING, WARNING, EXPIRED);
        assertThat(ofda.incident(link.linkId()).get("reason").asText()).isEqualTo("consent_expired");
    }

    @Test
    void aConsentDueInThreeDaysGetsItsLastWarningADayBeforeTheDate() throws Exception {
        ConsentFixture.OfdaLink link = ofda.ofdaUser(3);
        ofda.consentWebhook(link, "openfinance_consent_about_to_expire", null);
        assertThat(subjects(link, 1)).containsExactly(WARNING);
        Instant due = dueAt(link);
        awaitNextPromptAt(link, start.plus(Duration.ofHours(24)));

        clock.set(start.plus(Duration.ofHours(24)));
        assertThat(subjects(link, 2)).containsExactly(WARNING, WARNING);
        awaitNextPromptAt(link, due.minus(Duration.ofHours(24)));

        clock.set(due.minus(Duration.ofHours(24)));
        assertThat(subjects(link, 3)).as("the last reminder is a warning, sent before the date")
                .containsExactly(WARNING, WARNING, WARNING);
        assertThat(ofda.incident(link.linkId()).get("reason").asText()).isEqualTo("consent_expiring");
    }

    @Test
    void aConsentDueWithinADayIsWarnedAtOnceAndToldItLapsedOnceTheDailyCapAllows() throws Exception {
        ConsentFixture.OfdaLink link = ofda.ofdaUser(5);
        Instant due = start.plus(Duration.ofHours(4)); // 16:00 in São Paulo: outside the quiet hours
        ofda.post("/sandbox/admin/consents/" + link.consentId(), Map.of("expired_at", due.toString()));
        ofda.consentWebhook(link, "openfinance_consent_about_to_expire", null);
        assertThat(subjects(link, 1)).containsExactly(WARNING);
        assertThat(dueAt(link)).isEqualTo(due);
        awaitNextPromptAt(link, due);

        clock.set(due);
        await().atMost(Duration.ofSeconds(30)).until(() -> {
            ladderTick();
            return timeline(link).contains("daily prompt cap reached");
        });
        clock.set(start.plus(Duration.ofHours(24)));
        assertThat(subjects(link, 2)).containsExactly(WARNING, EXPIRED);
    }

    private Instant dueAt(ConsentFixture.OfdaLink link) throws Exception {
        String id = ofda.incident(link.linkId()).get("id").asText();
        return Instant.parse(ofda.get("/api/incidents/" + id + "/consent").get("due_at").asText());
    }

    /** Waits until the ladder's next step for the link is planned at {@code expected}. */
    private void awaitNextPromptAt(ConsentFixture.OfdaLink link, Instant expected) {
        await().atMost(Duration.ofSeconds(30)).until(() -> jdbc.queryForObject(
                "select next_prompt_at from incident where link_id = ? and open_link_id is not null",
                OffsetDateTime.class, link.linkId()).toInstant(), expected::equals);
    }

    private String timeline(ConsentFixture.OfdaLink link) throws Exception {
        JsonNode incident = ofda.incident(link.linkId());
        return ofda.get("/api/incidents/" + incident.get("id").asText()).get("timeline").toString();
    }

    /** The subjects of the prompts mailed to the link's user, once there are {@code count}, oldest first. */
    private List<String> subjects(ConsentFixture.OfdaLink link, int count) {
        await().atMost(Duration.ofSeconds(30)).until(() -> {
            ladderTick();
            return smtp.getReceivedMessagesForDomain(link.email()).length >= count;
        });
        return Arrays.stream(smtp.getReceivedMessagesForDomain(link.email())).map(ConsentReminderTimingTest::subject).toList();
    }

    private static String subject(MimeMessage mail) {
        try {
            return mail.getSubject();
        } catch (MessagingException e) {
            throw new IllegalStateException(e);
        }
    }
}
