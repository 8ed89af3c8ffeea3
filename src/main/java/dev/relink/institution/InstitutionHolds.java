package dev.relink.institution;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import java.util.function.Function;
import java.util.stream.Collectors;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.context.ApplicationEventPublisher;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.stereotype.Component;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.support.TransactionTemplate;

import dev.relink.belvo.BelvoInstitution;
import dev.relink.belvo.Link;
import dev.relink.belvo.LinkReads;
import dev.relink.incident.Incident;
import dev.relink.incident.IncidentLifecycle;
import dev.relink.incident.IncidentQueries;
import dev.relink.incident.IncidentState;

/**
 * Institution holds behind {@code routes/institution-holds.yaml}: whether a link about to be handed to
 * prompting belongs to an institution whose failure looks like the bank's (on hold already, reported
 * down by Belvo, or a spike of new broken links against its own baseline), starting the hold (one per
 * institution, whichever replica sees it first), and ending it: released by ops (the held incidents go
 * to prompting), closed as bank-side by ops (they close, nobody is prompted), or Belvo reporting the
 * institution healthy again (the held links are read again a page at a time: valid ones resolve, the
 * rest are released, each page's step 0 planned from its read).
 */
@Component("institutionHolds")
public class InstitutionHolds {

    private static final Logger log = LoggerFactory.getLogger(InstitutionHolds.class);
    static final String PROMPT = "prompt";
    static final String HELD = "held";
    static final String SPIKE = "spike";
    /** Held links read again together when a hold ends: Belvo's id__in takes 100 a read. */
    static final int PAGE = 100;

    /** What screening a hand-off found: {@code prompt}, {@code held}, or {@code spike} (to be held once Belvo was asked). */
    public record Screening(String verdict, String institution, Spike spike) {

        /** The read of Belvo's word on the institution, at once on a spike. */
        public Map<String, String> belvoQuery() {
            return Map.of("name", institution);
        }
    }

    private final HoldStore store;
    private final IncidentQueries incidents;
    private final IncidentLifecycle lifecycle;
    private final HoldSettings settings;
    private final SpikePolicy policy;
    private final Clock clock;
    private final TransactionTemplate tx;
    private final TransactionTemplate startAtOnce;
    private final ApplicationEventPublisher publisher;
    private final MeterRegistry meters;

    InstitutionHolds(HoldStore store, IncidentQueries incidents, IncidentLifecycle lifecycle, HoldSettings settings,
            Clock clock, TransactionTemplate tx, ApplicationEventPublisher publisher,
            MeterRegistry meters) {
        this.store = store;
        this.incidents = incidents;
        this.lifecycle = lifecycle;
        this.settings = settings;
        this.policy = new SpikePolicy(settings);
        this.clock = clock;
        this.tx = tx;
        this.startAtOnce = new TransactionTemplate(tx.getTransactionManager());
        startAtOnce.setPropagationBehavior(TransactionDefinition.PROPAGATION_REQUIRES_NEW);
        this.publisher = publisher;
        this.meters = meters;
        Gauge.builder("relink.institutions.held", store, HoldStore::countOpen)
                .description("Institutions on hold: their users are not prompted until ops or Belvo end the hold")
                .register(meters);
    }

    /**
     * Before an incident is handed to prompting: held when its institution is on hold, or Belvo's last
     * listing reports it down (the hold starts now); {@code spike} when its reason spikes at the
     * institution and the reason's policy holds; else {@code prompt} (a spike whose policy is alert
     * is counted and logged).
     */
    public Screening screen(Incident incident, Link link) {
        String institution = link != null && link.institution() != null ? link.institution() : incident.institution();
        if (institution == null) {
            return new Screening(PROMPT, null, null);
        }
        Optional<Hold> hold = store.open(institution);
        if (hold.isPresent()) {
            holdIncident(incident, hold.get());
            return new Screening(HELD, institution, null);
        }
        if (store.isReportedDown(institution)) {
            start(incident, new Hold(UUID.randomUUID().toString(), institution, now(), Hold.BELVO_DOWN, null, null, null,
                    BelvoInstitution.DOWN, now(), null, null));
            return new Screening(HELD, institution, null);
        }
        Optional<Spike> spike = spikeOf(institution, incident.reason());
        if (spike.isEmpty()) {
            return new Screening(PROMPT, institution, null);
        }
        meters.counter("relink.institution.spikes", "reason", incident.reason(),
                "action", spike.get().action().name().toLowerCase()).increment();
        if (!spike.get().holds()) {
            log.warn("Spike at {}: {} new {} links within {} (baseline {}); its policy is alert, so prompts go on",
                    institution, spike.get().links(), incident.reason(), settings.window(), spike.get().baselinePerWindow());
            return new Screening(PROMPT, institution, spike.get());
        }
        return new Screening(SPIKE, institution, spike.get());
    }

    /** The spike's hold starts, with what Belvo said of the institution just now ({@code read} null: it could not be read). */
    public void holdOnSpike(Incident incident, Screening screening, List<BelvoInstitution> read) {
        String status = read == null ? null : read.stream().filter(i -> screening.institution().equals(i.name()))
                .map(BelvoInstitution::status).findFirst().orElse(null);
        Spike spike = screening.spike();
        start(incident, new Hold(UUID.randomUUID().toString(), screening.institution(), now(), Hold.SPIKE,
                spike.reason(), spike.links(), spike.baselinePerWindow(), status, read == null ? null : now(), null,
                null));
    }

    /**
     * The window is counted only as far as a spike needs: during a burst at one bank, counting every new link
     * of it again for each of them made screening quadratic (the poll's 33,333 new links took 2.5 min to settle
     * instead of 40 s). Only a spike's own figure is counted whole.
     */
    private Optional<Spike> spikeOf(String institution, String reason) {
        SignalWindow window = SignalWindow.endingNow(clock, settings);
        OffsetDateTime first = incidents.firstOpenedAt(institution);
        Instant firstSeen = first == null ? null : first.toInstant();
        long inBaseline = firstSeen == null ? 0
                : incidents.openedBetween(institution, reason, at(window.baselineStart()), at(window.start()));
        OptionalLong needed = policy.linksForSpike(inBaseline, firstSeen, window);
        OffsetDateTime from = at(window.start());
        OffsetDateTime to = at(window.end().plusMillis(1));
        if (needed.isEmpty() || incidents.openedBetween(institution, reason, from, to, needed.getAsLong())
                < needed.getAsLong()) {
            return Optional.empty();
        }
        return policy.judge(reason, new SignalCounts(incidents.openedBetween(institution, reason, from, to), inBaseline,
                firstSeen), window);
    }

    /**
     * Starts the hold, then holds the incident; joins the hold another replica or thread started first.
     * The hold commits at once, in a transaction of its own: screening runs in a re-check batch's
     * transaction, and a hold that became visible only when that batch committed, seconds later, let the
     * channels send steps that batches beside it had handed over meanwhile (bean holdAtSend looks
     * before each send). Its own transaction also keeps a refused insert from spoiling the batch's (on
     * PostgreSQL every later statement of it would fail, the incident left open). The incident is held in
     * the batch's transaction, which has its row.
     */
    private void start(Incident incident, Hold hold) {
        try {
            startAtOnce.executeWithoutResult(status -> {
                store.insert(hold);
                log.warn("Institution {} is on hold: {}", hold.institution(), hold.why());
                // the incident starting it is held right after, in the caller's transaction
                publisher.publishEvent(new InstitutionHoldChanged(InstitutionHoldChanged.HELD, hold,
                        heldOf(hold.institution()).size() + 1));
            });
            holdIncident(incident, hold);
        } catch (DuplicateKeyException heldAlready) {
            store.open(hold.institution()).ifPresent(existing -> holdIncident(incident, existing));
        }
    }

    private void holdIncident(Incident incident, Hold hold) {
        lifecycle.hold(incident.id(), "institution " + hold.institution() + " on hold since " + hold.heldAt() + ": "
                + hold.why() + "; nobody is prompted until the hold ends");
    }

    /** Whether any institution is on hold now (one count; most of the time none is). */
    public boolean anyHeld() {
        return store.countOpen() > 0;
    }

    /** Whether the institution is on hold now: the ladder moves a prompting incident's step while it is. */
    public boolean isHeld(String institution) {
        return holdOf(institution).isPresent();
    }

    /** The institution's open hold, without counting what it holds (the app's list of a user's links asks per link). */
    public Optional<Hold> holdOf(String institution) {
        return institution == null ? Optional.empty() : store.open(institution);
    }

    /** How long a prompting incident's step waits while its institution is on hold, before it is looked at again. */
    public Duration deferSteps() {
        return settings.deferSteps();
    }

    /** The poll's read of Belvo: only institutions it reports down. */
    public Map<String, String> downQuery() {
        return Map.of("status", BelvoInstitution.DOWN);
    }

    /**
     * Belvo's listing of the institutions it reports down (read with every poll). Open holds take
     * Belvo's word; answers the institutions whose held links are to be read again and settled
     * ({@link #settle}): those Belvo held down and now reports healthy, except those ops release by
     * hand, and those with incidents still held under a hold that ended (a replica stopped while it
     * settled them, or one held an incident as the hold ended).
     */
    public List<String> belvoReports(List<BelvoInstitution> down) {
        OffsetDateTime now = now();
        List<String> downNames = down.stream().filter(BelvoInstitution::isDown).map(BelvoInstitution::name).toList();
        return tx.execute(status -> {
            store.reportedDown(down.stream().filter(BelvoInstitution::isDown).toList(), now);
            Set<String> back = new LinkedHashSet<>();
            for (Hold hold : store.allOpen()) {
                boolean isDown = downNames.contains(hold.institution());
                if (isDown) {
                    store.belvoSays(hold.institution(), BelvoInstitution.DOWN, now);
                } else if (BelvoInstitution.DOWN.equals(hold.belvoStatus())) {
                    if (settings.releasesByHand(hold.institution())) {
                        store.belvoSays(hold.institution(), BelvoInstitution.HEALTHY, now);
                        log.info("Belvo reports {} healthy again; its hold waits for ops (relink.hold.manual-release)",
                                hold.institution());
                    } else {
                        back.add(hold.institution());
                    }
                }
            }
            back.addAll(store.heldUnderNoHold());
            return List.copyOf(back);
        });
    }

    /** Belvo reports the institution healthy again: its hold ends (if still open), and its held links are settled page by page. */
    public void endOnBankBack(String institution) {
        store.open(institution).ifPresent(hold -> end(hold, Hold.BANK_BACK, BelvoInstitution.HEALTHY));
    }

    /**
     * The links of the institution's next page of held incidents, those after the page before (none: the
     * first page): up to 100, one bulk read; empty when none is left. Each page comes once, so a page that
     * could not be settled is left to the next poll, not read again and again.
     */
    public List<String> heldPage(String institution, List<String> before) {
        return incidents.linksAtInstitution(institution, IncidentState.HELD,
                before == null || before.isEmpty() ? null : before.get(before.size() - 1), PAGE);
    }

    /**
     * One page of held links, read again now that the hold ended: links valid again resolve without a
     * prompt (repaired on the bank's side), links Belvo no longer knows close as deleted, the rest move
     * to prompting. Answers the ids of those, whose step 0 the caller plans from this same read.
     */
    public List<String> settle(String institution, List<String> page, LinkReads reads) {
        List<String> released = new ArrayList<>();
        for (Incident held : incidents.openForLinks(page)) {
            if (!IncidentState.HELD.equals(held.state())) {
                continue;
            }
            Link link = reads.link(held.linkId());
            if (link == null) {
                lifecycle.closeDeleted(held.id(), "Belvo does not know this link (404) now that " + institution
                        + " is back");
            } else if (link.isValid()) {
                lifecycle.resolve(held.id(), "repaired on the bank's side: Belvo reports " + institution
                        + " healthy and the link valid again; nobody was prompted");
            } else if (lifecycle.release(held.id(), "Belvo reports " + institution + " healthy again and the link still "
                    + link.status() + ": prompting")) {
                released.add(held.id());
            }
        }
        return released;
    }

    /** Ops release the hold: the held incidents go to prompting, at the channels' pace. Empty when none is open. */
    public Optional<HoldView> release(String institution) {
        return endByOps(institution, Hold.RELEASED, held -> lifecycle.release(held.id(),
                "ops released the hold of " + institution + ": prompting"));
    }

    /** Ops close the hold as the bank's failure: the held incidents close as bank_side, nobody is prompted. */
    public Optional<HoldView> closeBankSide(String institution) {
        return endByOps(institution, Hold.CLOSED_BANK_SIDE, held -> lifecycle.closeBankSide(held.id(),
                "ops closed the hold of " + institution + " as the bank's failure; nobody is prompted"));
    }

    /**
     * The hold ends and every incident it held moves on, in one transaction: a replica that stops half-way
     * leaves the hold open with all its incidents, for ops to end again, never a hold ended with incidents
     * still held. Released incidents are due at once, and the ladder claims them a batch at a time.
     */
    private Optional<HoldView> endByOps(String institution, String how, Function<Incident, Boolean> each) {
        return tx.execute(status -> {
            Optional<Hold> hold = store.open(institution);
            if (hold.isEmpty()) {
                return Optional.empty();
            }
            HoldView view = view(hold.get());
            if (!end(hold.get(), how, hold.get().belvoStatus())) {
                return Optional.empty();
            }
            heldOf(institution).forEach(each::apply);
            return Optional.of(view);
        });
    }

    private boolean end(Hold hold, String how, String belvoStatus) {
        OffsetDateTime now = now();
        return Boolean.TRUE.equals(tx.execute(status -> {
            if (!store.end(hold.id(), how, now)) {
                return false;
            }
            Hold ended = new Hold(hold.id(), hold.institution(), hold.heldAt(), hold.cause(), hold.spikeReason(),
                    hold.spikeLinks(), hold.spikeBaseline(), belvoStatus, hold.belvoReadAt(), now, how);
            log.info("Hold of {} ended: {}", hold.institution(), how);
            publisher.publishEvent(new InstitutionHoldChanged(InstitutionHoldChanged.RELEASED, ended,
                    heldOf(hold.institution()).size()));
            return true;
        }));
    }

    /** The open holds, oldest first, each with its held incidents counted per reason. */
    public List<HoldView> open() {
        return store.allOpen().stream().map(this::view).toList();
    }

    /** The institution's open hold, if it has one. */
    public Optional<HoldView> open(String institution) {
        return store.open(institution).map(this::view);
    }

    private HoldView view(Hold hold) {
        Map<String, Long> byReason = heldOf(hold.institution()).stream()
                .collect(Collectors.groupingBy(Incident::reason, TreeMap::new, Collectors.counting()));
        return new HoldView(hold, byReason.values().stream().mapToLong(Long::longValue).sum(), byReason);
    }

    private List<Incident> heldOf(String institution) {
        return incidents.openAtInstitution(institution, IncidentState.HELD);
    }

    private OffsetDateTime now() {
        return OffsetDateTime.now(clock).truncatedTo(ChronoUnit.MICROS);
    }

    private static OffsetDateTime at(Instant instant) {
        return instant.atOffset(ZoneOffset.UTC);
    }
}
