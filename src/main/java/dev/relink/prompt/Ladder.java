package dev.relink.prompt;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import org.apache.camel.ExchangeProperty;
import org.apache.camel.Header;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.event.EventListener;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.stereotype.Component;

import dev.relink.belvo.Link;
import dev.relink.belvo.LinkReads;
import dev.relink.channel.Channel;
import dev.relink.channel.Channels;
import dev.relink.channel.Deliveries;
import dev.relink.channel.DeliveryDeferred;
import dev.relink.channel.DeliveryRefused;
import dev.relink.channel.Send;
import dev.relink.contact.Contact;
import dev.relink.contact.ContactSaved;
import dev.relink.contact.ContactStore;
import dev.relink.database.Savepoints;
import dev.relink.experiment.Experiments;
import dev.relink.experiment.Treatment;
import dev.relink.incident.IncidentChanged;
import dev.relink.incident.IncidentLifecycle;
import dev.relink.incident.IncidentQueries;
import dev.relink.incident.IncidentState;
import dev.relink.institution.InstitutionHolds;

/**
 * The reminder ladder behind {@code routes/prompt-schedule.yaml}: which incident is due, whether this
 * step may go out now (contact, channel, caps, quiet hours), claiming the step so that exactly one
 * replica sends it, and closing incidents that got repaired or ran out of steps.
 */
@Component("ladder")
public class Ladder {

    private static final Logger LOG = LoggerFactory.getLogger(Ladder.class);
    private static final String DELETED = "deleted";

    /** An incident whose next step is due, claimed by this replica. {@code expiring}: no steps left. */
    public record Due(String incidentId, String linkId, String externalId, String institution, String reason,
            int step, boolean expiring) {
    }

    /**
     * What to do with a due step: {@code send} (on {@code channel} to {@code contact}, rendered from the
     * template {@code variant}), {@code wait}, {@code no_contact} or {@code holdout} (an experiment's
     * holdout arm: never prompted, the step passes).
     */
    public record Plan(String decision, Due due, Contact contact, String channel, String variant) {

        Plan(String decision, Due due, Contact contact, String channel) {
            this(decision, due, contact, channel, Treatment.DEFAULT_VARIANT);
        }
    }

    private final PromptIncidents ladder;
    private final IncidentLifecycle incidents;
    private final IncidentQueries queries;
    private final Deliveries deliveries;
    private final ContactStore contacts;
    private final Channels channels;
    private final PromptSettings settings;
    private final Experiments experiments;
    private final Clock clock;
    private final DailyCap linkCap;
    private final DailyCap personCap;
    private final InstitutionHolds holds;
    private final Savepoints savepoints;

    Ladder(PromptIncidents ladder, IncidentLifecycle incidents, IncidentQueries queries, Deliveries deliveries,
            ContactStore contacts, Channels channels, PromptSettings settings, Experiments experiments,
            Savepoints savepoints, Clock clock, InstitutionHolds holds) {
        this.ladder = ladder;
        this.incidents = incidents;
        this.queries = queries;
        this.deliveries = deliveries;
        this.contacts = contacts;
        this.channels = channels;
        this.settings = settings;
        this.experiments = experiments;
        this.clock = clock;
        this.holds = holds;
        this.linkCap = new DailyCap(settings.capPerLinkPerDay());
        this.personCap = new DailyCap(settings.capPerContactPerDay());
        this.savepoints = savepoints;
    }

    /** The step a prompting incident is on and when it is planned to go. */
    public record NextStep(String incidentId, int step, Instant at) {
    }

    /**
     * The hand-off from detection, done once, with step 0 planned straight from detection's verdict:
     * the re-check's timeline line ({@code rechecked}, when the caller has one), open → prompting, step
     * 0 claimed and planned, behind one savepoint of the re-check batch's transaction (a transaction
     * of its own outside one), so step 0 goes out at once on this replica. The
     * incident already holds what the re-check's read learnt (external id, institution). Null when the
     * incident was handed over already (another replica, an earlier signal) or is no longer open.
     */
    public Plan start(@Header("incidentId") String incidentId, @Header("rechecked") String rechecked) {
        try {
            return savepoints.run(() -> handOff(incidentId, rechecked, clock.instant().plus(settings.claimLease())));
        } catch (HandedOverAlready notThisTime) {
            return null;
        }
    }

    /** Undoes a hand-off's timeline line (its savepoint) when the incident was not open any more. */
    private static final class HandedOverAlready extends RuntimeException {
        HandedOverAlready() {
            super(null, null, false, false);
        }
    }

    private Plan handOff(String incidentId, String rechecked, Instant leaseUntil) {
        if (rechecked != null) {
            incidents.note(incidentId, "rechecked", rechecked);
        }
        if (!incidents.startPrompting(incidentId)) {
            throw new HandedOverAlready();
        }
        return planStepZero(incidentId, leaseUntil);
    }

    /**
     * Step 0 of an incident its hold just released with a fresh read of its link (the bank is back:
     * routes/institution-holds.yaml), claimed and planned in the caller's transaction as detection's
     * hand-off is, so that it goes out from that read, with no read of its own. Null when it is no
     * longer prompting.
     */
    public Plan startReleased(@Header("incidentId") String incidentId) {
        return planStepZero(incidentId, clock.instant().plus(settings.claimLease()));
    }

    private Plan planStepZero(String incidentId, Instant leaseUntil) {
        ladder.begin(incidentId, leaseUntil);
        Due due = due(incidentId);
        return due == null ? null : plan(due);
    }

    /** Up to {@code batch-size} due incidents, each claimed for {@code claim-lease} by this replica. */
    public List<String> claimDue() {
        Instant now = clock.instant();
        return ladder.claimDue(now, now.plus(settings.claimLease()), settings.batchSize());
    }

    /** The claimed incident's current step, or null when it is no longer prompting. */
    public Due due(String incidentId) {
        return queries.find(incidentId)
                .filter(incident -> IncidentState.PROMPTING.equals(incident.state()))
                .flatMap(incident -> ladder.step(incidentId).map(step -> new Due(incident.id(), incident.linkId(),
                        incident.externalId(), incident.institution(), incident.reason(), step,
                        step >= experiments.assigned(incidentId).stepsOr(settings.steps()).size())))
                .orElse(null);
    }

    /** What Belvo says about the step's link: its status, or {@code deleted} when Belvo does not know it. */
    public String linkStatus(@ExchangeProperty("linkReads") LinkReads reads, @Header("linkId") String linkId) {
        Link link = reads.link(linkId);
        return link == null ? DELETED : link.status();
    }

    /**
     * The Due with what Belvo's read of its link adds (an external id or institution the incident
     * lacked): the incident took it on already (the incident package's LinkReadListener), and this step should use it too.
     * Belvo does not know the link: the Due as it was.
     */
    public Due withLink(Due due, @ExchangeProperty("linkReads") LinkReads reads) {
        Link link = reads.link(due.linkId());
        if (link == null) {
            return due;
        }
        return new Due(due.incidentId(), due.linkId(), orBelvos(due.externalId(), link.externalId()),
                orBelvos(due.institution(), link.institution()), due.reason(), due.step(), due.expiring());
    }

    private static String orBelvos(String ours, String belvos) {
        return ours != null || belvos == null || belvos.isBlank() ? ours : belvos;
    }

    /**
     * The incident learned from Belvo whom its link belongs to. If it was parked as no_contact, it goes
     * back on the ladder, due now: the next step looks the person up and either prompts them or parks
     * the incident again, naming the external id whose contact is missing.
     */
    @EventListener
    void onIncidentChanged(IncidentChanged change) {
        if (IncidentChanged.EXTERNAL_ID.equals(change.type())) {
            ladder.resume(change.incidentId(), clock.instant(), "Belvo named the link's external id; prompting resumes");
        }
    }

    /** A contact was saved: the person's incidents parked as no_contact go back on the ladder, due now. */
    @EventListener
    void onContactSaved(ContactSaved saved) {
        ladder.resumeNoContact(saved.externalId(), saved.at());
    }

    /**
     * A channel refused a step in a way another channel can make up for (WhatsApp's 63003, 63016): the
     * ladder goes back to that step, due now, so it goes out on the next channel that reaches the person
     * ({@link #plan} passes over the channels that failed it); the schedule of later steps is unchanged.
     * Nothing happens when the step went out on another channel already (Twilio repeats callbacks), the
     * ladder has moved further on, or the incident is no longer prompting.
     */
    @EventListener
    void onDeliveryRefused(DeliveryRefused refused) {
        if (!deliveries.wentOut(refused.incidentId(), refused.step())) {
            ladder.retake(refused.incidentId(), refused.step(), clock.instant(), clock.instant());
        }
    }

    /**
     * A channel could not deliver a step for now (an email's soft bounce): the ladder goes back to that step,
     * due at {@code retryAt}, on the same channel; nothing happens when the ladder has moved further on.
     */
    @EventListener
    void onDeliveryDeferred(DeliveryDeferred deferred) {
        ladder.retake(deferred.incidentId(), deferred.step(), deferred.retryAt(), clock.instant());
    }

    /** The next step planned for a prompting incident, if any. */
    public Optional<NextStep> nextStep(String incidentId) {
        return ladder.nextStep(incidentId);
    }

    /** Moves the planned step to {@code at} (quiet hours and caps still apply then); false if the ladder moved on. */
    public boolean reschedule(NextStep next, Instant at) {
        return ladder.reschedule(next, at, clock.instant());
    }

    /** The link is valid again: close the incident; the remaining steps never go out. */
    public void resolved(Due due) {
        incidents.resolve(due.incidentId(), "Belvo reports the link valid before prompt step " + due.step()
                + "; remaining reminders cancelled");
    }

    /** Belvo no longer knows the link. */
    public void deleted(Due due) {
        incidents.closeDeleted(due.incidentId(), "Belvo answered 404 for the link before prompt step " + due.step());
    }

    /** Every step went out and the link is still broken after {@code expire-after}. */
    public void expire(Due due) {
        incidents.expire(due.incidentId(), "still broken " + settings.expireAfter() + " after the last prompt");
    }

    /** A step that broke before anything was sent; the claim runs out and a later tick tries again. */
    public void failed(String incidentId, String error) {
        incidents.note(incidentId, "prompt_error", error == null ? "unknown error" : error);
    }

    /**
     * Decides whether the step goes out now, and how: to the contact, on the channel they prefer (else
     * the step's channel of relink.prompt.channels, else another that reaches them; never one that
     * failed this step already), outside quiet
     * hours; parks the incident (nobody to reach) or defers the step otherwise. While the link's
     * institution is on hold the step is moved on by relink.hold.defer-steps, again until the hold ends.
     */
    public Plan plan(Due due) {
        Instant now = clock.instant();
        if (holds.isHeld(due.institution())) {
            defer(due, now.plus(holds.deferSteps()), "institution " + due.institution() + " is on hold", now);
            return new Plan("wait", due, null, null);
        }
        Treatment treatment = experiments.treatment(due.incidentId(), due.externalId(), due.reason(), due.step());
        if (treatment.holdout()) {
            pass(due, treatment, now);
            return new Plan("holdout", due, null, null);
        }
        Optional<Contact> found = due.externalId() == null ? Optional.empty() : contacts.find(due.externalId());
        Set<String> failed = found.isPresent() ? deliveries.failedChannels(due.incidentId(), due.step()) : Set.of();
        Channel channel = found.map(contact -> channels.reaching(contact, contact.channel() != null ? contact.channel()
                : treatment.channelForStep(due.step()).orElse(settings.channelForStep(due.step())), failed)).orElse(null);
        if (channel == null) {
            incidents.parkNoContact(due.incidentId(), due.externalId() == null
                    ? "neither the signals nor Belvo name the link's external_id, so nobody can be contacted;"
                            + " prompting resumes when Belvo reports one"
                    : "no email or phone for external id " + due.externalId()
                            + " (or opted out of each channel that has one); PUT /api/contacts/{externalId} resumes prompting");
            return new Plan("no_contact", due, null, null);
        }
        Contact contact = found.get();
        ZoneId zone = settings.zoneOf(contact);
        Optional<Instant> quietUntil = settings.quietUntil(zone, now);
        if (quietUntil.isPresent()) {
            defer(due, quietUntil.get(), "quiet hours in " + zone, now);
            return new Plan("wait", due, contact, null);
        }
        return new Plan("send", due, contact, channel.name(), treatment.variant());
    }

    /** A holdout's step: nothing is sent, the ladder moves on as if it had been (its steps counted from the assignment). */
    private void pass(Due due, Treatment treatment, Instant now) {
        int next = due.step() + 1;
        ladder.advance(due.incidentId(), next, settings.nextStepAt(treatment.stepsOr(settings.steps()), next,
                treatment.assignedAt(), now), now);
        incidents.note(due.incidentId(), "prompt_held_out", "step " + due.step() + " not sent: holdout arm of experiment "
                + treatment.experiment());
    }

    /**
     * Records the delivery row for this step and moves the ladder on, in one transaction. The row's
     * unique (incident_id, step, channel) is what makes a step go out once on its channel: the replica
     * whose insert loses gets null and sends nothing. The daily caps are counted in the same transaction, with the
     * person's contact row locked, so two replicas prompting the same person cannot both slip under
     * the cap. A capped step waits until the oldest prompt in the window is a day old; null again.
     * Behind a savepoint of the claimed batch's transaction: a lost claim undoes only its own writes.
     * Answers what the channel's send route takes, the delivery's id in it.
     */
    public Send claim(Outgoing message) {
        try {
            return savepoints.run(() -> record(message));
        } catch (DuplicateKeyException taken) {
            LOG.info("Prompt step {} of incident {} was already claimed elsewhere; not sending it again",
                    message.due().step(), message.due().incidentId());
            return null;
        }
    }

    private Send record(Outgoing message) {
        Instant now = clock.instant();
        Due due = message.due();
        ladder.lockPerson(due.externalId());
        Optional<Instant> capped = capFreesAt(due, now);
        if (capped.isPresent()) {
            defer(due, capped.get(), "daily prompt cap reached", now);
            return null;
        }
        long id = deliveries.insert(message.incidentId(), message.step(), message.channel(),
                message.recipientMasked(), message.template(), message.variant(), now);
        Instant first = ladder.firstPromptAt(due.incidentId()).orElse(now);
        int next = due.step() + 1;
        ladder.advance(due.incidentId(), next, settings.nextStepAt(experiments.assigned(due.incidentId())
                .stepsOr(settings.steps()), next, first, now), now);
        return message.send(id);
    }

    private Optional<Instant> capFreesAt(Due due, Instant now) {
        if (deliveries.triedBefore(due.incidentId(), due.step())) {
            return Optional.empty(); // a step going out again (another channel, a soft bounce): the caps counted this prompt already
        }
        Instant since = DailyCap.windowStart(now);
        return linkCap.freesAt(ladder.sentForLinkSince(due.linkId(), since),
                        () -> ladder.oldestSentForLinkSince(due.linkId(), since))
                .or(() -> personCap.freesAt(ladder.sentForPersonSince(due.externalId(), since),
                        () -> ladder.oldestSentForPersonSince(due.externalId(), since)));
    }

    private void defer(Due due, Instant until, String why, Instant now) {
        ladder.defer(due.incidentId(), until, now);
        incidents.note(due.incidentId(), "prompt_deferred", "step " + due.step() + " waits until " + until + ": " + why);
    }
}
