package dev.relink.inapp;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.List;

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
import dev.relink.repair.RepairLinks;
import dev.relink.web.ProblemResponses;

/**
 * What the app needs for its own Update button: a widget token in update mode for a link, and the
 * list of a user's links that need them (so it can show a banner without polling Belvo).
 */
@RestController
@RequestMapping("/api")
class InAppController {

    private final ProducerTemplate camel;
    private final IncidentLifecycle lifecycle;
    private final IncidentQueries incidents;
    private final RepairLinks repairLinks;

    InAppController(ProducerTemplate camel, IncidentLifecycle lifecycle, IncidentQueries incidents,
            RepairLinks repairLinks) {
        this.camel = camel;
        this.lifecycle = lifecycle;
        this.incidents = incidents;
        this.repairLinks = repairLinks;
    }

    record Token(String access, String refresh, @JsonProperty("expires_at") Instant expiresAt) {
    }

    record LinkNeedingUpdate(@JsonProperty("incident_id") String incidentId, @JsonProperty("link_id") String linkId,
            String institution, String reason, String state, OffsetDateTime since,
            @JsonProperty("repair_url") String repairUrl, @JsonProperty("repair_url_expires_at") Instant repairUrlExpiresAt) {
    }

    record LinksNeedingUpdate(@JsonProperty("external_id") String externalId, List<LinkNeedingUpdate> links) {
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
        List<LinkNeedingUpdate> links = incidents.openForExternalId(externalId).stream()
                .map(this::needingUpdate)
                .toList();
        return new LinksNeedingUpdate(externalId, links);
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
