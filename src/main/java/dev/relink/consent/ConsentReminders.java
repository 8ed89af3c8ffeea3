package dev.relink.consent;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

import dev.relink.incident.IncidentChanged;
import dev.relink.incident.IncidentLifecycle;
import dev.relink.incident.IncidentQueries;
import dev.relink.prompt.Ladder;
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
    private final IncidentLifecycle lifecycle;
    private final IncidentQueries incidents;
    private final Ladder ladder;
    private final PromptSettings settings;
    private final ConsentProperties properties;
    private final Clock clock;

    ConsentReminders(ConsentStore store, IncidentLifecycle lifecycle, IncidentQueries incidents, Ladder ladder,
            PromptSettings settings, ConsentProperties properties, Clock clock) {
        this.store = store;
        this.lifecycle = lifecycle;
        this.incidents = incidents;
        this.ladder = ladder;
        this.settings = settings;
        this.properties = properties;
        this.clock = clock;
    }

    /** When a step planned at {@code plannedAt} should go: as planned if before the due date, else the last call before it, or the date. */
    static Instant timed(Instant plannedAt, Instant dueAt, Duration lastCallBefore, Instant now) {
        if (plannedAt.isBefore(dueAt)) {
            return plannedAt;
        }
        Instant lastCall = dueAt.minus(lastCallBefore);
        return lastCall.isAfter(now) ? lastCall : dueAt;
    }

    /** Runs in the transaction that records the prompt, after the ladder planned the next step. */
    @EventListener
    void onIncidentChanged(IncidentChanged change) {
        if (!PROMPTED.equals(change.type())) {
            return;
        }
        if (incidents.find(change.incidentId()).filter(incident -> ConsentReasons.EXPIRING.equals(incident.reason()))
                .isEmpty()) {
            return;
        }
        store.dueAt(change.incidentId()).ifPresent(dueAt -> ladder.nextStep(change.incidentId())
                .filter(next -> next.step() < settings.steps().size()).ifPresent(next -> {
                    Instant at = timed(next.at(), dueAt, properties.lastReminderBefore(), clock.instant());
                    if (!at.equals(next.at()) && ladder.reschedule(next, at)) {
                        lifecycle.note(next.incidentId(), "reminder_moved", "step " + next.step() + " moved from "
                                + next.at() + " to " + at + ": the consent is due at " + dueAt);
                    }
                }));
    }
}
