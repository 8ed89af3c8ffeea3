package dev.relink.incident;

import java.time.Clock;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.BooleanSupplier;

import com.fasterxml.uuid.Generators;
import com.fasterxml.uuid.impl.TimeBasedEpochGenerator;
import io.micrometer.core.instrument.MeterRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

import dev.relink.database.Savepoints;

/**
 * The incident's life, and the only way to change it: every transition between the states of
 * {@link IncidentState} is one named method here, and each one that happens writes its timeline line
 * and announces an {@link IncidentChanged} (the app's events, the ladder) in the same transaction.
 * A transition asked of an incident in another state, or of a closed one, changes nothing and answers
 * false: a closed incident never reopens (the link's next signal opens a new one).
 *
 * <pre>
 *   open ──startPrompting──▶ prompting ──parkNoContact──▶ no_contact
 *   open ──hold──▶ held ──release──▶ prompting;  held ──closeBankSide──▶ bank_side (closed)
 *                              ▲    ◀──resumePrompting──┘
 *   open | prompting | no_contact ──repairSubmitted──▶ repair_submitted ──repairUnconfirmed──▶ prompting
 *   any open state ──resolve / expire / closeDeleted / forgetPerson──▶ resolved | expired | deleted | erased (closed)
 * </pre>
 * A closed incident may then be forgotten ({@link #forgetPerson}, {@link #forgetClosedBefore}): it stays as a
 * count (state, reason, institution, times, which stages its timeline reached) with nothing of its person.
 */
@Component("incidents")
public class IncidentLifecycle {

    private static final Logger log = LoggerFactory.getLogger(IncidentLifecycle.class);
    private static final int OPEN_ATTEMPTS = 5;
    private static final String STATE = "state";
    /**
     * Incident ids are UUIDv7 (RFC 9562: time first), not random: incidents opened together sit side by
     * side in the indexes keyed by their id (the incident's own, the timeline's), so a group commit of
     * 100 new incidents rewrites a few B-tree pages of each instead of a hundred.
     */
    private static final TimeBasedEpochGenerator IDS = Generators.timeBasedEpochGenerator();

    private final IncidentStore store;
    private final TransactionTemplate tx;
    private final MeterRegistry meters;
    private final Clock clock;
    private final ApplicationEventPublisher publisher;
    private final Savepoints savepoints;

    IncidentLifecycle(IncidentStore store, TransactionTemplate tx, Savepoints savepoints, MeterRegistry meters,
            Clock clock, ApplicationEventPublisher publisher) {
        this.store = store;
        this.tx = tx;
        this.meters = meters;
        this.clock = clock;
        this.publisher = publisher;
        this.savepoints = savepoints;
    }

    /**
     * Opens an incident for the signal's link, or merges the signal into the one already open, in one
     * transaction. The merge comes first, one UPDATE that finds the open incident by its unique
     * {@code open_link_id}: in a burst most signals repeat a link that already has one. Only when there
     * is none is one inserted; the database refuses a second open incident for the link, and a signal
     * that loses that race (another replica opened it meanwhile) tries again and joins the winner:
     * each attempt behind a savepoint, so inside a batch's transaction (a claimed inbox batch, a
     * listing's page) the lost attempt is undone alone and the batch's other signals stay.
     */
    public Incident open(Signal signal) {
        meters.counter("relink.signals", "source", signal.source()).increment();
        Incident incident = savepoints.retrying(OPEN_ATTEMPTS, () -> mergeOrInsert(signal));
        if (incident.signalCount() == 1) {
            meters.counter("relink.incidents.opened", "reason", signal.reason()).increment();
            log.info("Opened incident {} for link {} ({}, from {})", incident.id(), signal.linkId(),
                    signal.reason(), signal.source());
        }
        return incident;
    }

    private Incident mergeOrInsert(Signal signal) {
        Incident merged = merge(signal);
        return merged != null ? merged : insert(signal);
    }

    private Incident insert(Signal signal) {
        String id = IDS.generate().toString();
        OffsetDateTime now = now();
        store.insert(id, signal, now);
        store.appendEvent(id, now, "opened", signal.source(), "Link needs its user: " + signal.reason(), null, null);
        appendSignal(id, now, signal);
        publisher.publishEvent(new IncidentChanged(id, "opened", IncidentState.OPEN));
        return new Incident(id, signal.linkId(), signal.externalId(), signal.institution(), IncidentState.OPEN,
                signal.reason(), 1, now, now, null);
    }

    private Incident merge(Signal signal) {
        OffsetDateTime now = now();
        if (store.countedAlready(signal)) {
            // the same webhook again: its inbox row was claimed anew after the replica processing it died
            return store.openForLink(signal.linkId()).orElseThrow();
        }
        if (!store.countSignal(signal, now)) {
            return null;
        }
        Incident open = store.openForLink(signal.linkId()).orElseThrow();
        appendSignal(open.id(), now, signal);
        return open;
    }

    private void appendSignal(String incidentId, OffsetDateTime at, Signal signal) {
        store.appendEvent(incidentId, at, "signal", signal.source(), signal.reason(), signal.webhookId(),
                signal.requestId());
    }

    /** Adds a line to the timeline (e.g. {@code rechecked}); the state stays as it is. */
    public void note(String incidentId, String type, String detail) {
        record(incidentId, now(), type, detail, null);
    }

    /** The one hand-off from detection to prompting: open → prompting; false when another replica already did it. */
    public boolean startPrompting(String incidentId) {
        return transition(incidentId, IncidentState.OPEN, IncidentState.PROMPTING, "Handed to prompting");
    }

    /** open → held: the link's institution is on hold, so it waits instead of being handed to prompting. */
    public boolean hold(String incidentId, String why) {
        return transition(incidentId, IncidentState.OPEN, IncidentState.HELD, why);
    }

    /**
     * prompting → held: its first prompt was still in a channel's queue when the institution went on
     * hold, and was taken back (the ladder's bookkeeping reset to step 0 beforehand, in the same transaction).
     */
    public boolean holdBeforeFirstPrompt(String incidentId, String why) {
        return transition(incidentId, IncidentState.PROMPTING, IncidentState.HELD, why);
    }

    /** held → prompting, with no step planned yet: the ladder takes it as due now (step 0). */
    public boolean release(String incidentId, String why) {
        return transition(incidentId, IncidentState.HELD, IncidentState.PROMPTING, why);
    }

    /** Closes a held incident as bank_side: the failure was the bank's, nobody is prompted. */
    public boolean closeBankSide(String incidentId, String why) {
        return Boolean.TRUE.equals(tx.execute(status -> store.find(incidentId)
                .filter(incident -> IncidentState.HELD.equals(incident.state()))
                .map(incident -> close(incidentId, IncidentState.BANK_SIDE, why))
                .orElse(false)));
    }

    /** prompting → no_contact: nobody to prompt; {@code why} says what would resume it. */
    public boolean parkNoContact(String incidentId, String why) {
        return transition(incidentId, IncidentState.PROMPTING, IncidentState.NO_CONTACT, why);
    }

    /** no_contact → prompting: someone can be prompted now; nothing happens in any other state. */
    public boolean resumePrompting(String incidentId, String why) {
        return transition(incidentId, IncidentState.NO_CONTACT, IncidentState.PROMPTING, why);
    }

    /** The person's incidents parked as no_contact go back to prompting; answers the ids that moved. */
    public List<String> resumeNoContact(String externalId, String why) {
        return store.openInState(externalId, IncidentState.NO_CONTACT).stream()
                .filter(id -> resumePrompting(id, why))
                .toList();
    }

    /**
     * The user finished Belvo's widget: any other open state → repair_submitted, until Belvo confirms
     * the link. False when the incident is closed or was submitted already.
     */
    public boolean repairSubmitted(String incidentId, String why) {
        return Boolean.TRUE.equals(tx.execute(status -> store.find(incidentId)
                .filter(Incident::isOpen)
                .filter(incident -> !IncidentState.REPAIR_SUBMITTED.equals(incident.state()))
                .map(incident -> transition(incidentId, incident.state(), IncidentState.REPAIR_SUBMITTED, why))
                .orElse(false)));
    }

    /** repair_submitted → prompting: Belvo did not confirm the repair, so reminders go on. */
    public boolean repairUnconfirmed(String incidentId, String why) {
        return transition(incidentId, IncidentState.REPAIR_SUBMITTED, IncidentState.PROMPTING, why);
    }

    /** The open incident's reason {@code from} becomes {@code to} (a consent warning that expired); a timeline line. */
    public boolean changeReason(String incidentId, String from, String to, String why) {
        OffsetDateTime now = now();
        return ifChanged(() -> store.changeReason(incidentId, from, to, now),
                () -> record(incidentId, now, "reason_changed", from + " -> " + to + ": " + why, null));
    }

    /** Closes the incident as resolved (the link is valid again); false if it was already closed. */
    public boolean resolve(String incidentId, String detail) {
        return close(incidentId, IncidentState.RESOLVED, detail);
    }

    /** Closes the incident as expired: every prompt went out and the link stayed broken. */
    public boolean expire(String incidentId, String detail) {
        return close(incidentId, IncidentState.EXPIRED, detail);
    }

    /** Closes the incident because Belvo no longer knows the link; false if it was already closed. */
    public boolean closeDeleted(String incidentId, String detail) {
        return close(incidentId, IncidentState.DELETED, detail);
    }

    /** Closes the open incident of a link, if it has one, as deleted (Belvo's link_deleted webhook). */
    public boolean closeDeletedForLink(String linkId, String detail) {
        return store.openForLink(linkId).map(incident -> closeDeleted(incident.id(), detail)).orElse(false);
    }

    /** A person's incidents, forgotten: their ids and the links they were about (Belvo's ids for the person's links). */
    public record Forgotten(List<String> incidentIds, List<String> linkIds) {
    }

    /**
     * Erasure of the person behind {@code externalId}: their open incidents close as {@code erased} (a repair
     * link to one then opens the page's expired state), then every incident of theirs is forgotten. Joins the
     * caller's transaction, so the erasure's other steps commit with it or not at all.
     */
    public Forgotten forgetPerson(String externalId, String why) {
        List<Incident> theirs = store.ofPerson(externalId);
        theirs.stream().filter(Incident::isOpen).forEach(open -> close(open.id(), IncidentState.ERASED, why));
        List<String> ids = theirs.stream().map(Incident::id).toList();
        store.forget(ids, now());
        return new Forgotten(ids, theirs.stream().map(Incident::linkId).filter(Objects::nonNull).distinct()
                .toList());
    }

    /** Retention: forgets up to {@code limit} incidents closed before {@code cutoff} (oldest first); answers their ids. */
    public List<String> forgetClosedBefore(OffsetDateTime cutoff, int limit) {
        List<String> ids = store.closedNotForgotten(cutoff, limit);
        store.forget(ids, now());
        return ids;
    }

    /** Belvo named the link's external_id, which the incident lacked; false when another read already gave it. */
    boolean learnExternalId(Incident incident, String externalId) {
        OffsetDateTime now = now();
        return ifChanged(() -> store.takeExternalId(incident.id(), externalId, now),
                () -> record(incident.id(), now, IncidentChanged.EXTERNAL_ID,
                        "Belvo says the link belongs to external id " + externalId, incident.state()));
    }

    /** Belvo named the link's institution, which the incident lacked (no timeline line: nothing happened to it). */
    void learnInstitution(Incident incident, String institution) {
        store.takeInstitution(incident.id(), institution);
    }

    private boolean transition(String incidentId, String from, String to, String detail) {
        OffsetDateTime now = now();
        return ifChanged(() -> store.moveState(incidentId, from, to, now),
                () -> record(incidentId, now, STATE, from + " -> " + to + ": " + detail, to));
    }

    /** The conditional update and, when it changed the row, its timeline line: one transaction. */
    private boolean ifChanged(BooleanSupplier update, Runnable record) {
        return Boolean.TRUE.equals(tx.execute(status -> {
            boolean changed = update.getAsBoolean();
            if (changed) {
                record.run();
            }
            return changed;
        }));
    }

    private boolean close(String incidentId, String finalState, String detail) {
        OffsetDateTime now = now();
        Optional<String> reason = Optional.ofNullable(tx.execute(status -> {
            Optional<Incident> open = store.find(incidentId).filter(Incident::isOpen);
            if (open.isEmpty() || !store.close(incidentId, finalState, now)) {
                return null;
            }
            record(incidentId, now, finalState, detail, finalState);
            return open.get().reason();
        }));
        reason.ifPresent(closed -> {
            meters.counter("relink.incidents.closed", "reason", closed, "state", finalState).increment();
            log.info("Incident {} closed as {}: {}", incidentId, finalState, detail);
        });
        return reason.isPresent();
    }

    /** A timeline line, announced to whoever reacts to it (inside the caller's transaction). */
    private void record(String incidentId, OffsetDateTime at, String type, String detail, String stateAfter) {
        store.appendEvent(incidentId, at, type, null, detail, null, null);
        publisher.publishEvent(new IncidentChanged(incidentId, type, stateAfter));
    }

    private OffsetDateTime now() {
        return IncidentStore.now(clock);
    }
}
