package dev.relink.repair;

import java.util.Optional;

import org.apache.camel.ProducerTemplate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.stereotype.Component;

import dev.relink.belvo.Link;
import dev.relink.belvo.LinkReads;
import dev.relink.incident.Incident;
import dev.relink.incident.IncidentLifecycle;
import dev.relink.incident.IncidentQueries;

/**
 * What happens after the widget says the user fixed their link: the incident waits in
 * {@code repair_submitted} while route {@code repair.confirm-link} re-reads the link, and is resolved
 * only when Belvo itself says {@code valid}. A success callback is a claim by a browser; Belvo's
 * answer is the fact.
 */
@Component("repairConfirmation")
public class RepairConfirmation {

    static final String CONFIRM_ENDPOINT = "seda:repair.confirm-link";

    private static final Logger log = LoggerFactory.getLogger(RepairConfirmation.class);

    private final IncidentLifecycle lifecycle;
    private final IncidentQueries incidents;
    private final RepairFunnel funnel;
    private final ProducerTemplate camel;

    RepairConfirmation(IncidentLifecycle lifecycle, IncidentQueries incidents, RepairFunnel funnel,
            ProducerTemplate camel) {
        this.lifecycle = lifecycle;
        this.incidents = incidents;
        this.funnel = funnel;
        this.camel = camel;
    }

    /** The widget's success callback: note it, move the incident on, and have Belvo confirm it. */
    void submitted(Incident incident, String callbackLinkId, String institution) {
        String detail = "Widget reported success" + (institution == null ? "" : " at " + institution)
                + (callbackLinkId == null || callbackLinkId.equals(incident.linkId()) ? ""
                        : "; the widget named another link, " + callbackLinkId + ", the incident's link is re-read");
        lifecycle.note(incident.id(), "widget_success", detail);
        if (lifecycle.repairSubmitted(incident.id(), "the user finished the widget")) {
            funnel.submitted(incident);
        }
        camel.sendBodyAndHeader(CONFIRM_ENDPOINT, null, "incidentId", incident.id());
    }

    /** The link id to re-read, or null when the incident closed meanwhile (nothing left to confirm). */
    public String linkToConfirm(String incidentId) {
        return incidents.find(incidentId).filter(Incident::isOpen).map(Incident::linkId).orElse(null);
    }

    /**
     * Resolves the incident when Belvo says the link is valid; otherwise throws so the route retries.
     * A link Belvo does not know any more is not waited for: back to prompting, whose next step closes it.
     */
    public void confirm(String incidentId, LinkReads reads) {
        Optional<Incident> incident = incidents.find(incidentId).filter(Incident::isOpen);
        if (incident.isEmpty()) {
            return;
        }
        Link link = reads.link(incident.get().linkId());
        if (link == null) {
            gaveUp(incidentId, new IllegalStateException("Belvo does not know the link any more"));
            return;
        }
        if (!link.isValid()) {
            lifecycle.note(incidentId, "repair_pending", "Belvo still says " + link.status() + "; asking again later");
            throw new LinkNotValidYet(incidentId, link.status());
        }
        if (lifecycle.resolve(incidentId, "Belvo says the link is valid again after the user's repair")) {
            funnel.resolved(incident.get());
        }
    }

    /**
     * The link did not become valid within the confirmation window (or Belvo could not be asked):
     * back to prompting, so reminders go on and the poll or a webhook can still close the incident.
     */
    public void gaveUp(String incidentId, Exception cause) {
        String why = cause instanceof LinkNotValidYet ? cause.getMessage()
                : "could not re-read the link: " + (cause == null ? "unknown error" : cause.getMessage());
        log.warn("Repair of incident {} not confirmed: {}", incidentId, why);
        lifecycle.note(incidentId, "repair_unconfirmed", why);
        lifecycle.repairUnconfirmed(incidentId, "the repair was not confirmed by Belvo");
    }
}
