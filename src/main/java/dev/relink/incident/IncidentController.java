package dev.relink.incident;

import java.util.List;
import java.util.Map;
import java.util.Set;

import com.fasterxml.jackson.annotation.JsonUnwrapped;

import org.springframework.http.HttpStatus;
import org.springframework.web.ErrorResponseException;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import dev.relink.web.Filters;
import dev.relink.web.Paging;
import dev.relink.web.ProblemResponses;

/**
 * {@code GET /api/incidents?state=&reason=&link_id=&external_id=&open=&page=&size=} (newest first) and
 * {@code GET /api/incidents/{id}} with its timeline. The API key filter guards both.
 */
@RestController
@RequestMapping("/api/incidents")
class IncidentController {

    static final Set<String> REASONS = Set.of("invalid_credentials", "token_required", "unconfirmed",
            "consent_expiring", "consent_expired");
    static final int MAX_SIZE = 500;

    private final Incidents incidents;

    IncidentController(Incidents incidents) {
        this.incidents = incidents;
    }

    record Page(List<Incident> items, int page, int size, long total) {
    }

    record Detail(@JsonUnwrapped Incident incident, List<IncidentEvent> timeline) {
    }

    @GetMapping
    Page list(@RequestParam Map<String, String> params) {
        String state = Filters.oneOf("state", params.get("state"), IncidentState.ALL);
        String reason = Filters.oneOf("reason", params.get("reason"), REASONS);
        String linkId = Filters.linkId(params.get("link_id"));
        Paging paging = Paging.of(params.get("page"), params.get("size"), 50, MAX_SIZE);
        int page = paging.page();
        int size = paging.size();
        String open = params.get("open");
        if (open != null && !open.equals("true") && !open.equals("false")) {
            throw Paging.badRequest("open must be true (incidents not closed yet) or false (closed); got '" + open + "'.");
        }
        IncidentQuery query = new IncidentQuery(state, reason, linkId,
                params.get("external_id"), open == null ? null : Boolean.valueOf(open), page, size);
        return new Page(incidents.search(query), page, size, incidents.count(query));
    }

    @GetMapping("/{id}")
    Detail get(@PathVariable String id) {
        Incident incident = incidents.find(id).orElseThrow(() -> new ErrorResponseException(HttpStatus.NOT_FOUND,
                ProblemResponses.problem(HttpStatus.NOT_FOUND, "incident-not-found",
                        "No incident has id '" + id + "'. List them with GET /api/incidents."), null));
        return new Detail(incident, incidents.timeline(id));
    }
}
