package dev.relink.detect;

import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.apache.camel.AggregationStrategy;
import org.apache.camel.Exchange;
import org.apache.camel.ExchangeProperty;
import org.springframework.stereotype.Component;

import dev.relink.belvo.Link;
import dev.relink.belvo.LinkReads;
import dev.relink.incident.Incident;
import dev.relink.incident.IncidentQueries;

/**
 * Which incidents need Belvo's word on their link, and how their re-checks wait to be read together
 * (the aggregation strategy of {@code detect.queue-recheck}: the exchange property {@code recheck} of
 * each message joins the batch, once per incident).
 */
@Component("rechecks")
class Rechecks implements AggregationStrategy {

    /** Exchange property holding the {@link Recheck} that {@code detect.queue-recheck} adds to the batch. */
    static final String RECHECK = "recheck";
    private static final String PENDING = "rechecksPending";
    private static final String SINCE = "rechecksSince";

    private final IncidentQueries incidents;
    private final Clock clock;

    Rechecks(IncidentQueries incidents, Clock clock) {
        this.incidents = incidents;
        this.clock = clock;
    }

    /**
     * The re-check a signal calls for, or null. A link the poll's listing just showed broken needs no
     * read; an incident the signal opened is read before anyone is prompted; a repeat signal for an
     * incident already waiting for its re-check, or already prompting, needs nothing more.
     */
    public Recheck forSignal(Incident incident, Signal signal, Link listed) {
        if (!incident.isAwaitingHandoff()) {
            return null;
        }
        if (listed != null && listed.id().equals(signal.linkId())) {
            return new Recheck(incident.id(), incident.linkId(), listed);
        }
        return incident.signalCount() == 1 ? of(incident) : null;
    }

    /** The re-check of the link's open incident, or null when it has none. */
    public Recheck forOpenIncident(String linkId) {
        return incidents.openForLink(linkId).map(this::of).orElse(null);
    }

    public Recheck of(Incident incident) {
        return new Recheck(incident.id(), incident.linkId(), null);
    }

    /** The links of the batch that no listing showed: the ones Belvo is asked about. */
    public List<String> unread(RecheckBatch batch) {
        return batch.rechecks().stream().filter(recheck -> recheck.listed() == null).map(Recheck::linkId).toList();
    }

    /**
     * Each incident of the batch with what Belvo said about its link, listed or read; the listed
     * links join {@code reads}, which goes on with each incident, so that step 0 reads nothing again.
     */
    public List<LinkCheck> checked(@ExchangeProperty("batch") RecheckBatch batch, LinkReads reads) {
        List<LinkCheck> checked = new ArrayList<>();
        for (Recheck recheck : batch.rechecks()) {
            if (recheck.listed() != null) {
                reads.listed(recheck.listed());
            }
            checked.add(new LinkCheck(recheck.incidentId(), recheck.linkId(), reads.link(recheck.linkId())));
        }
        return checked;
    }

    /** Whether the batch's first re-check has waited long enough for others to join it. */
    public boolean waitedLongEnough(long since, long maxWaitMillis) {
        return clock.millis() - since >= maxWaitMillis;
    }

    @Override
    public Exchange aggregate(Exchange batch, Exchange next) {
        Exchange into = batch == null ? next : batch;
        @SuppressWarnings("unchecked")
        Map<String, Recheck> pending = into.getProperty(PENDING, Map.class);
        if (pending == null) {
            pending = new LinkedHashMap<>();
            into.setProperty(PENDING, pending);
            into.setProperty(SINCE, clock.millis());
        }
        Recheck recheck = next.getProperty(RECHECK, Recheck.class);
        Recheck queued = pending.get(recheck.incidentId());
        if (queued == null || queued.listed() == null) {
            pending.put(recheck.incidentId(), recheck);
        }
        return into;
    }

    @Override
    public void onCompletion(Exchange batch) {
        @SuppressWarnings("unchecked")
        Map<String, Recheck> pending = batch.getProperty(PENDING, Map.class);
        batch.removeProperty(PENDING);
        batch.removeProperty(SINCE);
        batch.removeProperty(RECHECK);
        batch.getMessage().removeHeaders("*"); // the first re-check's headers say nothing about the batch
        batch.getMessage().setBody(new RecheckBatch(List.copyOf(pending.values())));
    }
}
