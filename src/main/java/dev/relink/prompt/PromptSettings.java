package dev.relink.prompt;

import java.time.Duration;
import java.time.LocalTime;
import java.util.List;

import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotEmpty;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * The reminder ladder ({@code relink.prompt.*}). Step {@code n} is due {@code steps[n]} after the first
 * prompt and goes out on {@code channels[n]} (the last channel repeats when there are more steps).
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
        @DefaultValue({"0s", "24h", "72h"}) @NotEmpty List<Duration> steps,
        @DefaultValue({"email", "email", "sms"}) @NotEmpty List<String> channels,
        @DefaultValue("7d") Duration expireAfter,
        @DefaultValue("1") @Min(1) int capPerLinkPerDay,
        @DefaultValue("3") @Min(1) int capPerContactPerDay,
        LocalTime quietStart,
        LocalTime quietEnd,
        @DefaultValue("UTC") String defaultTimeZone,
        @DefaultValue("en") String defaultLocale,
        @DefaultValue("5m") Duration claimLease,
        @DefaultValue("50") @Min(1) int batchSize) {

    String channelForStep(int step) {
        return channels.get(Math.min(step, channels.size() - 1));
    }

    boolean hasQuietHours() {
        return quietStart != null && quietEnd != null && !quietStart.equals(quietEnd);
    }
}
