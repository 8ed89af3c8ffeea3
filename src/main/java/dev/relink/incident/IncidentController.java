package dev.relink.incident;

import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.annotation.JsonUnwrapped;

import org.springframework.http.HttpStatus;
import org.springframework.web.ErrorResponseException;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import dev.relink.web.ProblemResponses;

/**
 * {@code GET /api/incidents?state=&reason=&link_id=&external_id=&open=&page=&size=} (newest first) and
 * {@code GET /api/incidents/{id}} with its timeline. The API key filter guards both.
 */
@RestController
@RequestMapping("/api/incidents")
class IncidentController {

    private final IncidentSearch search;
    private final IncidentQueries incidents;

    IncidentController(IncidentSearch search, IncidentQueries incidents) {
        this.search = search;
        this.incidents = incidents;
    }

    record Page(List<Incident> items, int page, int size, long total) {
    }

    record Detail(@JsonUnwrapped Incident incident, List<IncidentEvent> timeline) {
    }

    @GetMapping
    Page list(@RequestParam Map<String, String> params) {
        IncidentQuery query = IncidentQuery.from(params, 50);
        return new Page(search.search(query), query.page(), query.size(), search.count(query));
    }

    @GetMapping("/{id}")
    Detail get(@PathVariable String id) {
        Incident incident = incidents.find(id).orElseThrow(() -> new ErrorResponseException(HttpStatus.NOT_FOUND,
                ProblemResponses.problem(HttpStatus.NOT_FOUND, "incident-not-found",
                        "No incident has id '" + id + "'. List them with GET /api/incidents."), null));
        return new Detail(incident, incidents.timeline(id));
    }
}
