package dev.relink.prompt;

import java.time.Duration;
import java.time.LocalTime;
import java.util.List;

import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.validation.annotation.Validated;

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
}
