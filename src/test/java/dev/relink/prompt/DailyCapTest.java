package dev.relink.prompt;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;

/**
 * The daily caps (relink.prompt.cap-per-link-per-day, cap-per-contact-per-day): at most so many
 * prompts in any 24 hours; a capped step waits until the oldest prompt of the window is a day old.
 */
class DailyCapTest {

    private static final Instant NOW = Instant.parse("2026-11-25T18:00:00Z");
    private static final Instant OLDEST = Instant.parse("2026-11-25T09:30:00Z");

    @Test
    void theThirdPromptOfTheDayIsCapped() {
        DailyCap twoADay = new DailyCap(2);

        assertThat(twoADay.freesAt(0, () -> Optional.of(OLDEST))).isEmpty();
        assertThat(twoADay.freesAt(1, () -> Optional.of(OLDEST))).isEmpty();
        assertThat(twoADay.freesAt(2, () -> Optional.of(OLDEST))).isPresent();
    }

    @Test
    void aCappedPromptWaitsUntilTheOldestPromptOfTheWindowIsADayOld() {
        assertThat(new DailyCap(1).freesAt(1, () -> Optional.of(OLDEST)))
                .contains(Instant.parse("2026-11-26T09:30:00Z"));
    }

    @Test
    void aPromptExactlyADayOldNoLongerCounts() {
        Instant start = DailyCap.windowStart(NOW);

        // the window counts prompts sent after its start, so the one sent exactly a day ago has left it
        assertThat(start).isEqualTo(NOW.minus(Duration.ofDays(1)));
        // and a capped prompt is free at the very moment its oldest leaves the window
        Instant freed = new DailyCap(1).freesAt(1, () -> Optional.of(OLDEST)).orElseThrow();
        assertThat(DailyCap.windowStart(freed)).isEqualTo(OLDEST);
    }

    @Test
    void theOldestPromptIsOnlyLookedUpOnceTheCapIsReached() {
        AtomicInteger lookups = new AtomicInteger();

        new DailyCap(3).freesAt(2, () -> {
            lookups.incrementAndGet();
            return Optional.of(OLDEST);
        });

        assertThat(lookups).hasValue(0);
    }
}
