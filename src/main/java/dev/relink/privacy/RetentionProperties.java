package dev.relink.privacy;

import java.time.Duration;
import java.time.temporal.ChronoUnit;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.convert.DurationUnit;
import org.springframework.validation.annotation.Validated;

/**
 * How long Relink keeps what it no longer needs ({@code relink.retention.*}; the defaults are in
 * application.yaml). A bare number is days ({@code 30}), a unit may be given ({@code 12h}).
 *
 * @param webhookPayloads processed Belvo webhooks, payload and all, after they arrived
 * @param closedIncidents closed incidents' timelines and whom they were about, after they closed (the
 *        incident stays as a count)
 * @param deliveredAppEvents events the app's webhook took, after it took them
 * @param handledDeadLetters replayed dead letters, after the replay (deleted ones are gone at once)
 * @param cron when route {@code retention.purge} runs (Quartz; once per cluster on PostgreSQL)
 */
@Validated
@ConfigurationProperties("relink.retention")
record RetentionProperties(
        @NotNull @DurationUnit(ChronoUnit.DAYS) Duration webhookPayloads,
        @NotNull @DurationUnit(ChronoUnit.DAYS) Duration closedIncidents,
        @NotNull @DurationUnit(ChronoUnit.DAYS) Duration deliveredAppEvents,
        @NotNull @DurationUnit(ChronoUnit.DAYS) Duration handledDeadLetters,
        @NotBlank String cron) {
}
