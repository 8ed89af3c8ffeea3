package dev.relink.prompt;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;

import org.junit.jupiter.api.Test;

/**
 * A consent warning prompts before the consent's due date: a reminder the ladder planned on or after
 * the date moves to relink.consent.last-reminder-before ahead of it while that is still to come,
 * else to the date itself.
 */
class ConsentReminderRuleTest {

    private static final Duration LAST_CALL = Duration.ofDays(1);
    private static final Instant NOW = Instant.parse("2026-11-25T12:00:00Z");
    private static final Instant DUE = Instant.parse("2026-11-28T12:00:00Z");

    @Test
    void aReminderPlannedBeforeTheDueDateStaysWhereTheLadderPutIt() {
        Instant planned = DUE.minusMillis(1);

        assertThat(ConsentReminders.timed(planned, DUE, LAST_CALL, NOW)).isEqualTo(planned);
    }

    @Test
    void aReminderPlannedOnOrAfterTheDueDateBecomesTheLastCallBeforeIt() {
        Instant lastCall = DUE.minus(LAST_CALL);

        assertThat(ConsentReminders.timed(DUE, DUE, LAST_CALL, NOW)).isEqualTo(lastCall);
        assertThat(ConsentReminders.timed(DUE.plus(Duration.ofDays(2)), DUE, LAST_CALL, NOW)).isEqualTo(lastCall);
    }

    @Test
    void whenTheLastCallIsNoLongerAheadTheReminderGoesOnTheDueDate() {
        Instant lastCall = DUE.minus(LAST_CALL);

        assertThat(ConsentReminders.timed(DUE.plus(Duration.ofDays(2)), DUE, LAST_CALL, lastCall)).isEqualTo(DUE);
        assertThat(ConsentReminders.timed(DUE.plus(Duration.ofDays(2)), DUE, LAST_CALL, lastCall.plusSeconds(1)))
                .isEqualTo(DUE);
        assertThat(ConsentReminders.timed(DUE.plus(Duration.ofDays(2)), DUE, LAST_CALL, lastCall.minusSeconds(1)))
                .isEqualTo(lastCall);
    }
}
