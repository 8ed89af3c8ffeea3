package dev.relink.prompt;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.List;
import java.util.Optional;

import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.validation.annotation.Validated;

import dev.relink.contact.Contact;

/**
 * The reminder ladder ({@code relink.prompt.*}). Step {@code n} is due {@code steps[n]} after the first
 * prompt and goes out on {@code channels[n]} (the last channel repeats when there are more steps).
 * The defaults are written out, with what each means, in {@code application.yaml} (relink.prompt):
 * the one place they are set.
 *
 * @param steps            offsets from the first prompt: at once, a day later, three days later
 * @param channels         channel per step, used when the contact states no preference
 * @param expireAfter      how long after the last step an unrepaired incident is closed as expired
 * @param capPerLinkPerDay prompts for one link within any 24 hours
 * @param capPerContactPerDay prompts to one person (all their links) within any 24 hours
 * @param quietStart       start of the quiet hours in the contact's time zone (none when unset)
 * @param quietEnd         end of the quiet hours
 * @param defaultTimeZone  for contacts that did not give one
 * @param defaultLocale    for contacts that did not give one
 * @param claimLease       how long a replica owns a due incident before another may retry it
 * @param batchSize        due incidents taken per claim (a tick claims batch after batch while any are due)
 */
@Validated
@ConfigurationProperties("relink.prompt")
public record PromptSettings(
        @NotEmpty List<Duration> steps,
        @NotEmpty List<String> channels,
        @NotNull Duration expireAfter,
        @Min(1) int capPerLinkPerDay,
        @Min(1) int capPerContactPerDay,
        LocalTime quietStart,
        LocalTime quietEnd,
        @NotNull String defaultTimeZone,
        @NotNull String defaultLocale,
        @NotNull Duration claimLease,
        @Min(1) int batchSize) {

    String channelForStep(int step) {
        return channels.get(Math.min(step, channels.size() - 1));
    }

    boolean hasQuietHours() {
        return quietStart != null && quietEnd != null && !quietStart.equals(quietEnd);
    }

    /** The contact's own time zone, else {@code default-time-zone}. */
    ZoneId zoneOf(Contact contact) {
        return ZoneId.of(contact.timeZone() != null ? contact.timeZone() : defaultTimeZone);
    }

    /**
     * The end of the quiet hours when {@code now} falls inside them in {@code zone}: from quiet-start
     * (inclusive) to quiet-end (exclusive), a window that may span midnight; empty otherwise.
     */
    Optional<Instant> quietUntil(ZoneId zone, Instant now) {
        if (!hasQuietHours()) {
            return Optional.empty();
        }
        ZonedDateTime local = now.atZone(zone);
        LocalTime time = local.toLocalTime();
        boolean quiet = quietStart.isBefore(quietEnd)
                ? !time.isBefore(quietStart) && time.isBefore(quietEnd)
                : !time.isBefore(quietStart) || time.isBefore(quietEnd);
        if (!quiet) {
            return Optional.empty();
        }
        LocalDate endDay = time.isBefore(quietEnd) ? local.toLocalDate() : local.toLocalDate().plusDays(1);
        return Optional.of(ZonedDateTime.of(endDay, quietEnd, zone).toInstant());
    }

    /**
     * When step {@code next} is due once the step before it went out {@code now}: {@code steps[next]}
     * after the first prompt, never earlier than now (a late step does not bunch the rest); past the
     * last step, {@code expire-after} from now, when the incident expires.
     */
    Instant nextStepAt(int next, Instant firstPrompt, Instant now) {
        return nextStepAt(steps, next, firstPrompt, now);
    }

    /** The same for a ladder of other {@code steps} (an experiment's arm). */
    Instant nextStepAt(List<Duration> steps, int next, Instant firstPrompt, Instant now) {
        if (next >= steps.size()) {
            return now.plus(expireAfter);
        }
        Instant planned = firstPrompt.plus(steps.get(next));
        return planned.isAfter(now) ? planned : now;
    }
}
