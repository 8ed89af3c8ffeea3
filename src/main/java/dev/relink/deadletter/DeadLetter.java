package dev.relink.deadletter;

import java.time.Instant;

/** One stored dead letter: a message a route gave up on, as it was received, secrets removed. */
public record DeadLetter(
        long id,
        String routeId,
        String endpoint,
        String body,
        String bodyType,
        String headers,
        String exceptionClass,
        String exceptionMessage,
        int attempts,
        Instant firstFailedAt,
        Instant lastFailedAt,
        String status,
        String replayOutcome,
        Instant replayedAt) {

    /** Waiting for a person (or a replay). */
    public static final String PENDING = "pending";
    /** Taken by a replay under way; a crash mid-replay leaves it here, visible, never replayed twice. */
    public static final String REPLAYING = "replaying";
    /** Replayed and the route completed. */
    public static final String REPLAYED = "replayed";
}
