package dev.relink.detect;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

import org.apache.camel.ExchangeProperty;
import org.springframework.stereotype.Component;

import dev.relink.belvo.Link;
import dev.relink.belvo.LinkReads;
import dev.relink.incident.IncidentQueries;

/**
 * The re-checks of {@code routes/detect-signals.yaml}: which link a fresh-data webhook re-checks, and
 * the verdict for each open incident of a batch once Belvo was read. A queued re-check is a link id,
 * or the {@link Link} a listing just showed (read already).
 */
@Component("rechecks")
class Rechecks {

    private final IncidentQueries incidents;

    Rechecks(IncidentQueries incidents) {
        this.incidents = incidents;
    }

    /** The link to re-check when it has an open incident, or null. */
    public String forOpenIncident(String linkId) {
        return incidents.openForLink(linkId).map(incident -> linkId).orElse(null);
    }

    /**
     * Each open incident of the batch's links (one query, each link once, however often it was queued)
     * with what Belvo said about its link and the verdict.
     */
    public List<LinkCheck> checked(@ExchangeProperty("batch") List<?> batch, LinkReads reads) {
        Set<String> linkIds = new LinkedHashSet<>();
        for (Object recheck : batch) {
            linkIds.add(Link.idOf(recheck));
        }
        return incidents.openForLinks(linkIds).stream()
                .map(incident -> LinkCheck.of(incident, reads.link(incident.linkId())))
                .toList();
    }
}
