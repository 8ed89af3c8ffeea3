package dev.relink.prompt;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import org.junit.jupiter.api.Test;

/**
 * When the next step of the reminder ladder is due (relink.prompt.steps, expire-after) and on which
 * channel it goes (relink.prompt.channels), with the defaults: steps 0s, 24h, 72h; email, email, sms.
 */
class LadderTimingTest {

    private static final PromptSettings DEFAULTS = QuietHoursTest.settings(null, null, "UTC");
    private static final Instant FIRST = Instant.parse("2026-11-25T18:00:00Z");

    @Test
    void eachStepIsDueItsOffsetAfterTheFirstPromptNotAfterThePreviousStep() {
        assertThat(DEFAULTS.nextStepAt(1, FIRST, FIRST)).isEqualTo(FIRST.plus(Duration.ofHours(24)));
        // step 1 went out late (quiet hours, a cap): step 2 still keeps its place, 72 h after the first
        assertThat(DEFAULTS.nextStepAt(2, FIRST, FIRST.plus(Duration.ofHours(30))))
                .isEqualTo(FIRST.plus(Duration.ofHours(72)));
    }

    @Test
    void aStepWhoseOffsetHasPassedIsDueAtOnceNotInThePast() {
        Instant muchLater = FIRST.plus(Duration.ofHours(80));

        assertThat(DEFAULTS.nextStepAt(2, FIRST, muchLater)).isEqualTo(muchLater);
        Instant exactlyAtItsOffset = FIRST.plus(Duration.ofHours(72));
        assertThat(DEFAULTS.nextStepAt(2, FIRST, exactlyAtItsOffset)).isEqualTo(exactlyAtItsOffset);
    }

    @Test
    void afterTheLastStepTheIncidentExpiresExpireAfterLater() {
        Instant lastSent = FIRST.plus(Duration.ofHours(72));

        assertThat(DEFAULTS.nextStepAt(3, FIRST, lastSent)).isEqualTo(lastSent.plus(Duration.ofDays(7)));
    }

    @Test
    void eachStepGoesOutOnItsChannelAndTheLastChannelRepeats() {
        PromptSettings twoChannels = new PromptSettings(List.of(Duration.ZERO, Duration.ofHours(1), Duration.ofHours(2),
                Duration.ofHours(3)), List.of("email", "sms"), Duration.ofDays(7), 1, 3, null, null, "UTC", "en",
                Duration.ofMinutes(5), 50);

        assertThat(List.of(0, 1, 2).stream().map(DEFAULTS::channelForStep)).containsExactly("email", "email", "sms");
        assertThat(List.of(0, 1, 2, 3).stream().map(twoChannels::channelForStep))
                .containsExactly("email", "sms", "sms", "sms");
    }
}
