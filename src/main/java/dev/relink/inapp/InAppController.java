package dev.relink.inapp;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import com.fasterxml.jackson.annotation.JsonProperty;
import org.apache.camel.CamelExecutionException;
import org.apache.camel.ProducerTemplate;

import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.ErrorResponseException;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

import dev.relink.belvo.BelvoApiException;
import dev.relink.belvo.Link;
import dev.relink.belvo.WidgetToken;
import dev.relink.incident.Incident;
import dev.relink.incident.IncidentLifecycle;
import dev.relink.incident.IncidentQueries;
import dev.relink.institution.Hold;
import dev.relink.institution.InstitutionHolds;
import dev.relink.repair.RepairLinks;
import dev.relink.web.ProblemResponses;

/**
 * What the app needs for its own Update button: a widget token in update mode for a link, and the
 * list of a user's links that need them (so it can show a banner without polling Belvo). A link whose
 * institution is on hold is not among them: the user cannot fix what the bank broke, so it is listed
 * apart, as waiting on the bank, for the app to say so instead.
 */
@RestController
@RequestMapping("/api")
class InAppController {

    private final ProducerTemplate camel;
    private final IncidentLifecycle lifecycle;
    private final IncidentQueries incidents;
    private final RepairLinks repairLinks;
    private final InstitutionHolds holds;

    InAppController(ProducerTemplate camel, IncidentLifecycle lifecycle, IncidentQueries incidents,
            RepairLinks repairLinks, InstitutionHolds holds) {
        this.camel = camel;
        this.lifecycle = lifecycle;
        this.incidents = incidents;
        this.repairLinks = repairLinks;
        this.holds = holds;
    }

    record Token(String access, String refresh, @JsonProperty("expires_at") Instant expiresAt) {
    }

    record LinkNeedingUpdate(@JsonProperty("incident_id") String incidentId, @JsonProperty("link_id") String linkId,
            String institution, String reason, String state, OffsetDateTime since,
            @JsonProperty("repair_url") String repairUrl, @JsonProperty("repair_url_expires_at") Instant repairUrlExpiresAt) {
    }

    /** A broken link the user is not asked to fix: its institution is on hold since {@code heldSince}. */
    record LinkWaitingOnBank(@JsonProperty("incident_id") String incidentId, @JsonProperty("link_id") String linkId,
            String institution, String reason, String state, OffsetDateTime since,
            @JsonProperty("held_since") OffsetDateTime heldSince) {
    }

    record LinksNeedingUpdate(@JsonProperty("external_id") String externalId, List<LinkNeedingUpdate> links,
            @JsonProperty("waiting_on_bank") List<LinkWaitingOnBank> waitingOnBank) {
    }

    @PostMapping("/links/{linkId}/widget-token")
    Token widgetToken(@PathVariable String linkId) {
        if (!Link.isId(linkId)) {
            throw problem(HttpStatus.BAD_REQUEST, "invalid-link-id", Link.notAnId(linkId), null);
        }
        WidgetToken token;
        try {
            token = camel.requestBodyAndHeader("direct:belvo.create-widget-token", null, "linkId", linkId,
                    WidgetToken.class);
        } catch (CamelExecutionException e) {
            if (e.getCause() instanceof BelvoApiException belvo) {
                throw fromBelvo(linkId, belvo);
            }
            throw e;
        }
        incidents.openForLink(linkId).ifPresent(incident -> lifecycle.note(incident.id(), "opened_in_app",
                "The app asked for a widget token for its Update button"));
        return new Token(token.access(), token.refresh(), token.expiresAt());
    }

    @GetMapping("/users/{externalId}/links-needing-update")
    LinksNeedingUpdate linksNeedingUpdate(@PathVariable String externalId) {
        List<LinkNeedingUpdate> links = new ArrayList<>();
        List<LinkWaitingOnBank> waiting = new ArrayList<>();
        for (Incident incident : incidents.openForExternalId(externalId)) {
            Optional<Hold> hold = holds.holdOf(incident.institution());
            if (hold.isPresent()) {
                waiting.add(new LinkWaitingOnBank(incident.id(), incident.linkId(), incident.institution(),
                        incident.reason(), incident.state(), incident.openedAt(), hold.get().heldAt()));
            } else {
                links.add(needingUpdate(incident));
            }
        }
        return new LinksNeedingUpdate(externalId, links, waiting);
    }

    private LinkNeedingUpdate needingUpdate(Incident incident) {
        RepairLinks.RepairLink repair = repairLinks.linkFor(incident.id(), "app");
        return new LinkNeedingUpdate(incident.id(), incident.linkId(), incident.institution(), incident.reason(),
                incident.state(), incident.openedAt(), repair.url(), repair.expiresAt());
    }

    /** Belvo's answer as the app should see it: its code and request_id kept, the status ours to pick. */
    static ErrorResponseException fromBelvo(String linkId, BelvoApiException belvo) {
        if (belvo.isNotFound() || "does_not_exist".equals(belvo.code())) {
            return problem(HttpStatus.NOT_FOUND, "link-not-found",
                    "Belvo does not know link " + linkId + ".", belvo);
        }
        if (belvo.isRetryable()) {
            return problem(HttpStatus.SERVICE_UNAVAILABLE, "belvo-unavailable",
                    "Belvo did not answer after retries (" + belvo.status() + " " + belvo.code() + "). Try again shortly.",
                    belvo);
        }
        if (belvo.status() == 401 || belvo.status() == 403) {
            return problem(HttpStatus.BAD_GATEWAY, "belvo-refused-relink",
                    "Belvo refused Relink's secret keys (" + belvo.code() + "); check relink.belvo.secret-id and secret-password.",
                    belvo);
        }
        return problem(HttpStatus.BAD_GATEWAY, "belvo-error",
                "Belvo answered " + belvo.status() + " " + belvo.code() + ": " + belvo.belvoMessage(), belvo);
    }

    private static ErrorResponseException problem(HttpStatus status, String type, String detail, BelvoApiException belvo) {
        ProblemDetail problem = ProblemResponses.problem(status, type, detail);
        if (belvo != null) {
            problem.setProperty("belvo_status", belvo.status());
            problem.setProperty("belvo_code", belvo.code());
            problem.setProperty("belvo_request_id", belvo.requestId());
        }
        return new ErrorResponseException(status, problem, belvo);
    }
}
