package dev.relink.detect;

import java.time.Duration;

import jakarta.validation.constraints.Min;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * How stored webhooks are processed: rows claimed per round, how long a claim holds before another
 * replica (or this one after a restart) may take the row over, and how many claims a row gets before
 * it is marked failed instead of being tried for ever; and how the intake writes to it: threads that
 * commit (each commit takes every delivery waiting, up to {@code writeBatch}) and how long a delivery
 * waits for its commit before it is answered 503.
 */
@Validated
@ConfigurationProperties("relink.inbox")
public record InboxProperties(
        @DefaultValue("100") @Min(1) int batchSize,
        @DefaultValue("5m") Duration claimTimeout,
        @DefaultValue("5") @Min(1) int maxAttempts,
        @DefaultValue("1") @Min(1) int writers,
        @DefaultValue("256") @Min(1) int writeBatch,
        @DefaultValue("4s") Duration writeTimeout) {
}
