package dev.relink.repair;

import java.time.Clock;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.List;

import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import dev.relink.incident.IncidentFunnel;
import dev.relink.web.ProblemResponses;

/**
 * {@code GET /api/incidents/funnel?since=}: of the incidents opened since then, per reason and
 * institution, how many were prompted, had their repair page opened, were submitted through the
 * widget and were resolved, and how long a repair took (opening to confirmed valid, for incidents
 * resolved after a widget success). Read by {@link IncidentFunnel}, unlike the per-process meters.
 */
@RestController
class FunnelController {

    static final Duration DEFAULT_WINDOW = Duration.ofDays(30);

    record Funnel(OffsetDateTime since, List<IncidentFunnel.Row> rows) {
    }

    private final IncidentFunnel report;
    private final Clock clock;

    FunnelController(IncidentFunnel report, Clock clock) {
        this.report = report;
        this.clock = clock;
    }

    @GetMapping(path = "/api/incidents/funnel", produces = MediaType.APPLICATION_JSON_VALUE)
    ResponseEntity<?> funnel(@RequestParam(required = false) String since) {
        OffsetDateTime from;
        try {
            from = since == null ? OffsetDateTime.now(clock).minus(DEFAULT_WINDOW).withOffsetSameInstant(ZoneOffset.UTC)
                    : OffsetDateTime.parse(since);
        } catch (DateTimeParseException bad) {
            return ResponseEntity.badRequest().contentType(MediaType.APPLICATION_PROBLEM_JSON)
                    .body(ProblemResponses.problem(HttpStatus.BAD_REQUEST, "bad-since",
                            "'since' must be an ISO-8601 date-time with offset, e.g. 2026-11-01T00:00:00Z."));
        }
        List<IncidentFunnel.Row> rows = report.byReasonAndInstitution(from);
        return ResponseEntity.ok(new Funnel(from, rows));
    }
}
