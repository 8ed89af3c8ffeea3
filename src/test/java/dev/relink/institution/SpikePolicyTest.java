package dev.relink.institution;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import dev.relink.prompt.MutableClock;

/** When new broken links at one institution are a spike: the sliding window, the baseline, the thresholds. */
class SpikePolicyTest {

    static final HoldSettings DEFAULTS = new HoldSettings(Duration.ofMinutes(15), 50, 10, Duration.ofDays(7),
            Duration.ofDays(1), Map.of("invalid_credentials", HoldSettings.SpikeAction.HOLD,
                    "token_required", HoldSettings.SpikeAction.ALERT), Duration.ofMinutes(15), List.of());
    static final Instant NOW = Instant.parse("2026-12-07T03:00:00Z");
    static final Instant LONG_KNOWN = NOW.minus(Duration.ofDays(30));

    final MutableClock clock = new MutableClock(NOW);
    final SpikePolicy policy = new SpikePolicy(DEFAULTS);

    SignalWindow window() {
        return SignalWindow.endingNow(clock, DEFAULTS);
    }

    @Test
    void theWindowSlidesWithTheClockAndTheBaselineIsThePeriodBeforeIt() {
        SignalWindow window = window();
        assertThat(window.end()).isEqualTo(NOW);
        assertThat(window.start()).isEqualTo(NOW.minus(Duration.ofMinutes(15)));
        assertThat(window.baselineStart()).isEqualTo(window.start().minus(Duration.ofDays(7)));

        clock.advance(Duration.ofMinutes(5));
        assertThat(window().start()).isEqualTo(NOW.minus(Duration.ofMinutes(10)));
    }

    @Test
    void fiftyNewBrokenLinksInTheWindowAgainstAQuietBaselineAreASpikeThatHolds() {
        // 672 windows of 15 minutes in 7 days; 672 links over them: a baseline of 1 a window
        Spike spike = policy.judge("invalid_credentials", new SignalCounts(50, 672, LONG_KNOWN), window()).orElseThrow();

        assertThat(spike.links()).isEqualTo(50);
        assertThat(spike.baselinePerWindow()).isEqualTo(1.0);
        assertThat(spike.holds()).isTrue();
    }

    @Test
    void theLinksASpikeNeedsAreTheLargerOfMinLinksAndTenTimesTheBaselineAndNoneWithoutHistory() {
        // what screening counts the window up to (no further): 50 against a quiet baseline, 100 against 10 a window
        assertThat(policy.linksForSpike(672, LONG_KNOWN, window())).hasValue(50);
        assertThat(policy.linksForSpike(6720, LONG_KNOWN, window())).hasValue(100);
        assertThat(policy.linksForSpike(6721, LONG_KNOWN, window())).hasValue(101);
        assertThat(policy.linksForSpike(0, NOW.minus(Duration.ofHours(2)), window())).isEmpty();
        assertThat(policy.linksForSpike(0, null, window())).isEmpty();
    }

    @Test
    void fewerThanMinLinksIsNoSpikeHoweverQuietTheBaseline() {
        assertThat(policy.judge("invalid_credentials", new SignalCounts(49, 0, LONG_KNOWN), window())).isEmpty();
    }

    @Test
    void aBusyInstitutionNeedsTenTimesItsOwnBaseline() {
        // a baseline of 10 a window (6,720 a week): 99 is ordinary for it, 100 is a spike
        assertThat(policy.judge("invalid_credentials", new SignalCounts(99, 6720, LONG_KNOWN), window())).isEmpty();
        assertThat(policy.judge("invalid_credentials", new SignalCounts(100, 6720, LONG_KNOWN), window())).isPresent();
    }

    @Test
    void anInstitutionKnownForLessThanMinHistoryHasNoBaselineSoNothingIsASpike() {
        Instant yesterdayEvening = window().start().minus(Duration.ofHours(20));
        assertThat(policy.judge("invalid_credentials", new SignalCounts(5000, 0, yesterdayEvening), window())).isEmpty();
        assertThat(policy.judge("invalid_credentials", new SignalCounts(5000, 0, null), window())).isEmpty();
    }

    @Test
    void aBaselineOfAFewDaysIsAveragedOverThoseDaysNotTheWholePeriod() {
        // known for 2 days (192 windows), 1,920 links in them: 10 a window, not 10 * 2/7
        Instant twoDaysBefore = window().start().minus(Duration.ofDays(2));
        Spike spike = policy.judge("invalid_credentials", new SignalCounts(100, 1920, twoDaysBefore), window())
                .orElseThrow();
        assertThat(spike.baselinePerWindow()).isEqualTo(10.0);
        assertThat(policy.judge("invalid_credentials", new SignalCounts(99, 1920, twoDaysBefore), window())).isEmpty();
    }

    @Test
    void eachReasonHasItsPolicyAndAReasonNotNamedHolds() {
        assertThat(policy.judge("token_required", new SignalCounts(500, 0, LONG_KNOWN), window()).orElseThrow().holds())
                .as("a new MFA step makes token_required spike for real: alert").isFalse();
        assertThat(policy.judge("unconfirmed", new SignalCounts(500, 0, LONG_KNOWN), window()).orElseThrow().holds())
                .isTrue();
    }
}
