package dev.relink.prompt;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

import org.apache.camel.Body;
import org.apache.camel.ExchangeProperty;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

import dev.relink.consent.Consent;
import dev.relink.consent.ConsentIncidents;
import dev.relink.consent.ConsentProperties;
import dev.relink.consent.ConsentReasons;
import dev.relink.incident.IncidentChanged;
import dev.relink.incident.IncidentLifecycle;
import dev.relink.incident.IncidentQueries;

/**
 * A warning prompts before its consent's due date, not after. Step 0 goes at once, as for every
 * incident; after each prompt of a {@code consent_expiring} incident whose due date is known, a next
 * reminder the ladder planned on or after that date is moved: to {@code relink.consent.last-reminder-before}
 * ahead of the date while that is still to come (one last warning, in time to act), otherwise to the
 * due date itself, when the consent has lapsed and the step goes out as {@code consent_expired}
 * ({@link #step}). Quiet hours and daily caps still apply to the moved step. Here, not in {@code consent},
 * because it times the ladder: consent knows nothing of prompting.
 */
@Component("consentReminders")
public class ConsentReminders {

    private static final String PROMPTED = "prompted";

    private final ConsentIncidents consents;
    private final IncidentLifecycle lifecycle;
    private final IncidentQueries incidents;
    private final Ladder ladder;
    private final PromptSettings settings;
    private final ConsentProperties properties;
    private final Clock clock;

    ConsentReminders(ConsentIncidents consents, IncidentLifecycle lifecycle, IncidentQueries incidents, Ladder ladder,
            PromptSettings settings, ConsentProperties properties, Clock clock) {
        this.consents = consents;
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
        consents.dueAt(change.incidentId()).ifPresent(dueAt -> ladder.nextStep(change.incidentId())
                .filter(next -> next.step() < settings.steps().size()).ifPresent(next -> {
                    Instant at = timed(next.at(), dueAt, properties.lastReminderBefore(), clock.instant());
                    if (!at.equals(next.at()) && ladder.reschedule(next, at)) {
                        lifecycle.note(next.incidentId(), "reminder_moved", "step " + next.step() + " moved from "
                                + next.at() + " to " + at + ": the consent is due at " + dueAt);
                    }
                }));
    }

    /**
     * A ladder step for a consent incident, with Belvo's consent in hand: a warning whose consent has
     * lapsed (or whose due date passed) is not sent as a warning after the date; it becomes {@code consent_expired}.
     */
    public Ladder.Due step(@ExchangeProperty("due") Ladder.Due due, @Body Consent consent) {
        if (ConsentReasons.EXPIRING.equals(due.reason()) && consents.expirePastDue(due.incidentId(), consent)) {
            return new Ladder.Due(due.incidentId(), due.linkId(), due.externalId(), due.institution(),
                    ConsentReasons.EXPIRED, due.step(), due.expiring());
        }
        return due;
    }
}
