package dev.relink.prompt;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * At most {@code limit} prompts in any 24 hours ({@code relink.prompt.cap-per-link-per-day},
 * {@code cap-per-contact-per-day}). The window is the day before now, its start excluded: a prompt
 * exactly a day old no longer counts, so a capped step goes out the moment the oldest prompt in the
 * window turns a day old.
 */
record DailyCap(int limit) {

    static final Duration WINDOW = Duration.ofHours(24);

    /** Prompts sent after this instant (not at it) count against the cap at {@code now}. */
    static Instant windowStart(Instant now) {
        return now.minus(WINDOW);
    }

    /**
     * When a prompt may go, given how many went out in the window: empty when the cap is not reached
     * (it may go now), else when the oldest of the window leaves it (read only then).
     */
    Optional<Instant> freesAt(int sentInWindow, Supplier<Optional<Instant>> oldestInWindow) {
        return sentInWindow < limit ? Optional.empty() : oldestInWindow.get().map(oldest -> oldest.plus(WINDOW));
    }
}
