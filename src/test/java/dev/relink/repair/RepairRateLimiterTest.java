package dev.relink.repair;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.stream.IntStream;

import org.junit.jupiter.api.Test;

import dev.relink.prompt.MutableClock;

/**
 * The widget callbacks' budget (relink.repair.events-per-minute): so many calls per token in a
 * fixed minute that starts with the token's first call.
 */
class RepairRateLimiterTest {

    private static final Instant START = Instant.parse("2026-11-25T12:00:00Z");

    private final MutableClock clock = new MutableClock(START);
    private final RepairRateLimiter limiter = new RepairRateLimiter(clock, new RepairPageProperties(
            URI.create("https://cdn.belvo.io/belvo-widget-1-stable.js"), List.of(URI.create("https://widget.belvo.io")),
            3, 16384, Duration.ofSeconds(8), Duration.ofSeconds(5), 5, Duration.ofHours(1)));

    @Test
    void theCallPastTheBudgetOfTheMinuteIsRefused() {
        assertThat(IntStream.range(0, 4).mapToObj(call -> limiter.tryAcquire("token"))).containsExactly(true, true,
                true, false);
    }

    @Test
    void theBudgetIsBackExactlyAMinuteAfterTheWindowsFirstCall() {
        IntStream.range(0, 3).forEach(call -> limiter.tryAcquire("token"));

        clock.set(START.plusSeconds(60).minusMillis(1));
        assertThat(limiter.tryAcquire("token")).isFalse();
        clock.set(START.plusSeconds(60));
        assertThat(limiter.tryAcquire("token")).isTrue();
    }

    @Test
    void eachTokenHasABudgetOfItsOwn() {
        IntStream.range(0, 4).forEach(call -> limiter.tryAcquire("token"));

        assertThat(limiter.tryAcquire("another token")).isTrue();
    }

    @Test
    void retryAfterIsTheWholeSecondsLeftInTheWindowRoundedUpAndAtLeastOne() {
        limiter.tryAcquire("token");

        clock.set(START.plusMillis(100));
        assertThat(limiter.secondsUntilReset("token")).isEqualTo(60);
        clock.set(START.plusMillis(59_001));
        assertThat(limiter.secondsUntilReset("token")).isEqualTo(1);
        clock.set(START.plusSeconds(60));
        assertThat(limiter.secondsUntilReset("token")).isEqualTo(1);
        assertThat(limiter.secondsUntilReset("never seen")).isEqualTo(1);
    }
}
