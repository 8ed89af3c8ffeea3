package dev.relink.consent;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

import dev.relink.incident.IncidentChanged;
import dev.relink.incident.IncidentLifecycle;
import dev.relink.prompt.PromptSettings;

/**
 * A warning prompts before its consent's due date, not after. Step 0 goes at once, as for every
 * incident; after each prompt of a {@code consent_expiring} incident whose due date is known, a next
 * reminder the ladder planned on or after that date is moved: to {@code relink.consent.last-reminder-before}
 * ahead of the date while that is still to come (one last warning, in time to act), otherwise to the
 * due date itself, when the consent has lapsed and the step goes out as {@code consent_expired}
 * ({@link ConsentIncidents#step}). Quiet hours and daily caps still apply to the moved step.
 */
@Component
class ConsentReminders {

    private static final String PROMPTED = "prompted";

    private final ConsentStore store;
    private final IncidentLifecycle incidents;
    private final ConsentProperties properties;
    private final PromptSettings ladder;
    private final Clock clock;

    ConsentReminders(ConsentStore store, IncidentLifecycle incidents, ConsentProperties properties, PromptSettings ladder,
            Clock clock) {
        this.store = store;
        this.incidents = incidents;
        this.properties = properties;
        this.ladder = ladder;
        this.clock = clock;
    }

    /** The next step of a consent warning, as the ladder planned it. */
    record Reminder(String incidentId, int step, Instant plannedAt, Instant dueAt) {

        /** When it should go: as planned if before the due date; else the last call before it, or the date itself. */
        Instant timed(Duration lastCallBefore, Instant now) {
            if (plannedAt.isBefore(dueAt)) {
                return plannedAt;
            }
            Instant lastCall = dueAt.minus(lastCallBefore);
            return lastCall.isAfter(now) ? lastCall : dueAt;
        }
    }

    /** Runs in the transaction that records the prompt, after the ladder planned the next step. */
    @EventListener
    void onIncidentChanged(IncidentChanged change) {
        if (!PROMPTED.equals(change.type())) {
            return;
        }
        store.nextWarning(change.incidentId()).filter(next -> next.step() < ladder.steps().size()).ifPresent(next -> {
            Instant at = next.timed(properties.lastReminderBefore(), clock.instant());
            if (!at.equals(next.plannedAt()) && store.moveReminder(next, at)) {
                incidents.note(next.incidentId(), "reminder_moved", "step " + next.step() + " moved from "
                        + next.plannedAt() + " to " + at + ": the consent is due at " + next.dueAt());
            }
        });
    }
}
