package dev.relink.prompt;

import java.time.Clock;
import java.time.Instant;
import java.util.Optional;

import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

import dev.relink.channel.Deliveries;
import dev.relink.channel.Send;
import dev.relink.incident.IncidentLifecycle;
import dev.relink.incident.IncidentQueries;
import dev.relink.institution.Hold;
import dev.relink.institution.InstitutionHolds;

/**
 * The last look before a channel sends a step (routes/channel-*.yaml): is the step's institution on hold
 * now? Re-check batches screened side by side with the one that starts a hold hand a few incidents over
 * just before it, and their steps then wait in the channel's queue while the hold starts (9 of 10,000
 * links in bench/RESULTS.md's bank-back run were emailed seconds into the hold). Such a step is taken
 * back, not sent: a first prompt is withdrawn and its incident waits as {@code held}, as if screened a
 * moment later (so the hold counts it, and its release or the bank's return settles it with the rest);
 * a later step is moved on by {@code relink.hold.defer-steps}, as the ladder moves a step that falls due
 * during a hold.
 */
@Component("holdAtSend")
public class HoldAtSend {

    private final Deliveries deliveries;
    private final IncidentQueries queries;
    private final InstitutionHolds holds;
    private final PromptIncidents ladder;
    private final IncidentLifecycle incidents;
    private final TransactionTemplate tx;
    private final Clock clock;

    HoldAtSend(Deliveries deliveries, IncidentQueries queries, InstitutionHolds holds, PromptIncidents ladder,
            IncidentLifecycle incidents, TransactionTemplate tx, Clock clock) {
        this.deliveries = deliveries;
        this.queries = queries;
        this.holds = holds;
        this.ladder = ladder;
        this.incidents = incidents;
        this.tx = tx;
        this.clock = clock;
    }

    /** True when the step was taken back (nothing is to be sent); false when it goes out as queued. */
    public boolean heldBack(Send send) {
        if (!holds.anyHeld()) {
            return false; // the usual case, one query a send
        }
        return Boolean.TRUE.equals(tx.execute(status -> deliveries.queued(send.deliveryId())
                .map(queued -> takeBack(queued).isPresent())
                .orElse(false)));
    }

    private Optional<Hold> takeBack(Deliveries.Queued queued) {
        Optional<Hold> hold = queries.find(queued.incidentId()).flatMap(incident -> holds.holdOf(incident.institution()));
        hold.ifPresent(held -> {
            Instant now = clock.instant();
            deliveries.withdraw(queued.deliveryId());
            String onHold = "institution " + held.institution() + " on hold since " + held.heldAt() + ": " + held.why();
            if (queued.step() == 0 && !deliveries.triedBefore(queued.incidentId(), 0)) {
                ladder.unbegin(queued.incidentId(), now);
                incidents.holdBeforeFirstPrompt(queued.incidentId(), onHold + "; its first prompt was still queued"
                        + " and was not sent; nobody is prompted until the hold ends");
            } else {
                Instant until = now.plus(holds.deferSteps());
                ladder.retake(queued.incidentId(), queued.step(), until, now);
                incidents.note(queued.incidentId(), "prompt_deferred", "step " + queued.step() + " waits until " + until
                        + ": " + onHold + " (it was queued to send when the hold started)");
            }
        });
        return hold;
    }
}
