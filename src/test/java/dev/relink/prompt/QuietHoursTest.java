package dev.relink.prompt;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;

import org.junit.jupiter.api.Test;

import dev.relink.contact.Contact;

/**
 * Quiet hours (relink.prompt.quiet-start, quiet-end): a step due inside them, in the contact's time
 * zone, waits until they end; quiet-start is inside, quiet-end is not.
 */
class QuietHoursTest {

    private static final ZoneId UTC = ZoneOffset.UTC;
    private static final ZoneId NEW_YORK = ZoneId.of("America/New_York");

    static PromptSettings settings(LocalTime quietStart, LocalTime quietEnd, String defaultTimeZone) {
        return new PromptSettings(List.of(Duration.ZERO, Duration.ofHours(24), Duration.ofHours(72)),
                List.of("email", "email", "sms"), Duration.ofDays(7), 1, 3, quietStart, quietEnd, defaultTimeZone,
                "en", Duration.ofMinutes(5), 50);
    }

    private static final PromptSettings NIGHTS = settings(LocalTime.of(21, 0), LocalTime.of(8, 0), "UTC");

    @Test
    void aStepDueInQuietHoursWaitsForTheirEnd() {
        assertThat(quietUntil(NIGHTS, UTC, "2026-11-25T05:00:00Z")).contains(at("2026-11-25T08:00:00Z"));
    }

    @Test
    void quietHoursStartExactlyAtQuietStartAndAreOverExactlyAtQuietEnd() {
        assertThat(quietUntil(NIGHTS, UTC, "2026-11-25T20:59:59.999Z")).isEmpty();
        assertThat(quietUntil(NIGHTS, UTC, "2026-11-25T21:00:00Z")).contains(at("2026-11-26T08:00:00Z"));
        assertThat(quietUntil(NIGHTS, UTC, "2026-11-26T07:59:59.999Z")).contains(at("2026-11-26T08:00:00Z"));
        assertThat(quietUntil(NIGHTS, UTC, "2026-11-26T08:00:00Z")).isEmpty();
    }

    @Test
    void quietHoursAcrossMidnightEndOnTheNextMorningBeforeMidnightAndTheSameMorningAfter() {
        assertThat(quietUntil(NIGHTS, UTC, "2026-11-25T23:59:59Z")).contains(at("2026-11-26T08:00:00Z"));
        assertThat(quietUntil(NIGHTS, UTC, "2026-11-26T00:00:00Z")).contains(at("2026-11-26T08:00:00Z"));
    }

    @Test
    void quietHoursWithinOneDayCoverOnlyThatStretch() {
        PromptSettings lunch = settings(LocalTime.of(12, 0), LocalTime.of(14, 0), "UTC");

        assertThat(quietUntil(lunch, UTC, "2026-11-25T13:00:00Z")).contains(at("2026-11-25T14:00:00Z"));
        assertThat(quietUntil(lunch, UTC, "2026-11-25T11:59:59Z")).isEmpty();
        assertThat(quietUntil(lunch, UTC, "2026-11-25T14:00:00Z")).isEmpty();
        assertThat(quietUntil(lunch, UTC, "2026-11-25T23:00:00Z")).isEmpty();
    }

    @Test
    void quietHoursAreReadInTheContactsTimeZone() {
        // 03:00 UTC is 22:00 the evening before in New York (EST, UTC-5): quiet there until 08:00 EST
        assertThat(quietUntil(NIGHTS, UTC, "2026-11-25T03:00:00Z")).contains(at("2026-11-25T08:00:00Z"));
        assertThat(quietUntil(NIGHTS, NEW_YORK, "2026-11-25T03:00:00Z")).contains(at("2026-11-25T13:00:00Z"));
        assertThat(quietUntil(NIGHTS, NEW_YORK, "2026-11-25T13:00:00Z")).isEmpty();
    }

    @Test
    void aContactWithoutATimeZoneIsInTheDefaultOne() {
        PromptSettings settings = settings(LocalTime.of(21, 0), LocalTime.of(8, 0), "America/Mexico_City");

        assertThat(settings.zoneOf(contactIn(null))).isEqualTo(ZoneId.of("America/Mexico_City"));
        assertThat(settings.zoneOf(contactIn("Europe/Lisbon"))).isEqualTo(ZoneId.of("Europe/Lisbon"));
    }

    @Test
    void aNightThatFallsBackAnHourIsAnHourLongerInRealTime() {
        // New York leaves daylight time at 02:00 on 2026-11-01: 22:00 EDT (02:00Z) to 08:00 EST (13:00Z) is 11 hours
        assertThat(quietUntil(NIGHTS, NEW_YORK, "2026-11-01T02:00:00Z")).contains(at("2026-11-01T13:00:00Z"));
    }

    @Test
    void aNightThatSpringsForwardIsAnHourShorterInRealTime() {
        // New York enters daylight time at 02:00 on 2026-03-08: 22:00 EST (03:00Z) to 08:00 EDT (12:00Z) is 9 hours
        assertThat(quietUntil(NIGHTS, NEW_YORK, "2026-03-08T03:00:00Z")).contains(at("2026-03-08T12:00:00Z"));
    }

    @Test
    void aQuietEndInsideTheSkippedHourMovesOnByThatHour() {
        // 02:30 does not exist in New York on 2026-03-08; java.time reads it as 03:30 EDT (07:30Z)
        PromptSettings early = settings(LocalTime.of(1, 0), LocalTime.of(2, 30), "UTC");

        assertThat(quietUntil(early, NEW_YORK, "2026-03-08T06:30:00Z")).contains(at("2026-03-08T07:30:00Z"));
    }

    @Test
    void withoutBothEndsOrWithEqualEndsThereAreNoQuietHours() {
        Instant midnight = at("2026-11-25T00:00:00Z");

        assertThat(settings(null, null, "UTC").quietUntil(UTC, midnight)).isEmpty();
        assertThat(settings(LocalTime.of(21, 0), null, "UTC").quietUntil(UTC, midnight)).isEmpty();
        assertThat(settings(null, LocalTime.of(8, 0), "UTC").quietUntil(UTC, midnight)).isEmpty();
        assertThat(settings(LocalTime.MIDNIGHT, LocalTime.MIDNIGHT, "UTC").quietUntil(UTC, midnight)).isEmpty();
    }

    private static Optional<Instant> quietUntil(PromptSettings settings, ZoneId zone, String utc) {
        return settings.quietUntil(zone, at(utc));
    }

    private static Instant at(String utc) {
        return Instant.parse(utc);
    }

    private static Contact contactIn(String timeZone) {
        return new Contact("user-1", null, "juan@example.com", null, null, null, timeZone, null, null, null, null);
    }
}
