package dev.relink.ops;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;

import org.junit.jupiter.api.Test;

import dev.relink.prompt.MutableClock;

/** The ops login's guessing policy: 5 wrong passwords within 5 minutes hold one user name at one address back. */
class LoginThrottleTest {

    static final Duration WINDOW = Duration.ofMinutes(5);

    final MutableClock clock = new MutableClock(Instant.parse("2026-12-07T10:00:00Z"));
    final LoginThrottle throttle = new LoginThrottle(5, WINDOW, clock);

    @Test
    void theFifthWrongPasswordWithinTheWindowHoldsThePairBackUntilTheOldestIsAWindowOld() {
        for (int i = 0; i < 4; i++) {
            throttle.failed("ops", "203.0.113.7");
            clock.advance(Duration.ofSeconds(30));
        }
        assertThat(throttle.waitFor("ops", "203.0.113.7")).as("four failures").isZero();

        throttle.failed("ops", "203.0.113.7");

        // the first failure was at 10:00:00, it is now 10:02:00
        assertThat(throttle.waitFor("ops", "203.0.113.7")).isEqualTo(Duration.ofMinutes(3));
        clock.advance(Duration.ofMinutes(3).minusSeconds(1));
        assertThat(throttle.waitFor("ops", "203.0.113.7")).isEqualTo(Duration.ofSeconds(1));
        clock.advance(Duration.ofSeconds(1));
        assertThat(throttle.waitFor("ops", "203.0.113.7")).as("the oldest failure left the window").isZero();
    }

    @Test
    void aPairThatNeverFailsFiveTimesWithinTheWindowIsNeverHeldBack() {
        for (int i = 0; i < 20; i++) {
            throttle.failed("ops", "203.0.113.7");
            assertThat(throttle.waitFor("ops", "203.0.113.7")).isZero();
            // the fifth failure comes when the first is exactly a window old
            clock.advance(WINDOW.dividedBy(4));
        }
    }

    @Test
    void aSuccessClearsItsPair() {
        for (int i = 0; i < 4; i++) {
            throttle.failed("ops", "203.0.113.7");
        }
        throttle.succeeded("ops", "203.0.113.7");
        for (int i = 0; i < 4; i++) {
            throttle.failed("ops", "203.0.113.7");
        }

        assertThat(throttle.waitFor("ops", "203.0.113.7")).isZero();
    }

    @Test
    void otherAddressesAndOtherNamesKeepTheirOwnCountButTheCaseOfANameDoesNotMatter() {
        for (int i = 0; i < 5; i++) {
            throttle.failed(i % 2 == 0 ? "ops" : "OPS", "203.0.113.7");
        }

        assertThat(throttle.waitFor("Ops", "203.0.113.7")).isPositive();
        assertThat(throttle.waitFor("ops", "203.0.113.8")).as("the ops user from elsewhere").isZero();
        assertThat(throttle.waitFor("admin", "203.0.113.7")).as("another name from here").isZero();
    }

    @Test
    void atMostTenThousandPairsAreRemembered() {
        for (int i = 0; i < 5; i++) {
            throttle.failed("ops", "203.0.113.7");
        }
        for (int i = 0; i < LoginThrottle.MAX_PAIRS; i++) {
            throttle.failed("guess-" + i, "198.51.100.1");
        }

        assertThat(throttle.waitFor("ops", "203.0.113.7")).as("the pair that failed longest ago is forgotten").isZero();
        assertThat(throttle.waitFor("guess-0", "198.51.100.1")).isZero();
    }
}
