package dev.relink.prompt;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;

import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Primary;

/** A clock the test moves by hand, so ladder steps a day apart happen in milliseconds, without sleeps. */
public final class MutableClock extends Clock {

    /** {@code @Import} it to run the whole app on a MutableClock, starting 2026-11-25 18:00 UTC; time only moves forward. */
    @TestConfiguration(proxyBeanMethods = false)
    public static class InTheApp {
        @Bean
        @Primary
        MutableClock testClock() {
            return new MutableClock(Instant.parse("2026-11-25T18:00:00Z"));
        }
    }

    private volatile Instant now;

    public MutableClock(Instant start) {
        this.now = start;
    }

    public void advance(Duration by) {
        now = now.plus(by);
    }

    public void set(Instant to) {
        now = to;
    }

    /** Forward to the next {@code timeOfDay} (UTC) after now: today's when it is still ahead, else tomorrow's. */
    public void nextAt(Duration timeOfDay) {
        Instant today = now.truncatedTo(java.time.temporal.ChronoUnit.DAYS).plus(timeOfDay);
        now = today.isAfter(now) ? today : today.plus(Duration.ofDays(1));
    }

    @Override
    public Instant instant() {
        return now;
    }

    @Override
    public ZoneId getZone() {
        return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
        return this;
    }
}
