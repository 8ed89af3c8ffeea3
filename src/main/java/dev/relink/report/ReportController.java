package dev.relink.report;

import java.time.Clock;
import java.util.function.Function;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import dev.relink.web.ProblemResponses;

/**
 * {@code GET /api/report?by=&from=&to=} (JSON) and {@code GET /api/report.csv} (the same rows as CSV): the
 * repair report of the incidents detected in the period, grouped by one {@link Dimension}; and
 * {@code GET /api/incidents/{id}/funnel}: one incident's {@link Journey}.
 */
@RestController
class ReportController {

    static final MediaType CSV = MediaType.parseMediaType("text/csv;charset=UTF-8");

    private final RepairReports reports;
    private final Journeys journeys;
    private final Clock clock;

    ReportController(RepairReports reports, Journeys journeys, Clock clock) {
        this.reports = reports;
        this.journeys = journeys;
        this.clock = clock;
    }

    @GetMapping(path = "/api/report", produces = MediaType.APPLICATION_JSON_VALUE)
    ResponseEntity<?> report(@RequestParam(required = false) String by, @RequestParam(required = false) String from,
            @RequestParam(required = false) String to) {
        return answer(by, from, to, query -> ResponseEntity.ok(reports.report(query)));
    }

    @GetMapping(path = "/api/report.csv")
    ResponseEntity<?> csv(@RequestParam(required = false) String by, @RequestParam(required = false) String from,
            @RequestParam(required = false) String to) {
        return answer(by, from, to, query -> ResponseEntity.ok().contentType(CSV)
                .header(HttpHeaders.CONTENT_DISPOSITION, "attachment; filename=\"relink-report-" + query.by().key() + ".csv\"")
                .body(ReportCsv.of(reports.report(query))));
    }

    @GetMapping(path = "/api/incidents/{id}/funnel", produces = MediaType.APPLICATION_JSON_VALUE)
    ResponseEntity<?> journey(@PathVariable String id) {
        return journeys.of(id).<ResponseEntity<?>>map(ResponseEntity::ok)
                .orElseGet(() -> problem(HttpStatus.NOT_FOUND, "incident-unknown", "No incident has id " + id + "."));
    }

    /** The answer to a readable query, else 400 problem+json saying which parameter and why. */
    private ResponseEntity<?> answer(String by, String from, String to, Function<ReportQuery, ResponseEntity<?>> answer) {
        ReportQuery query;
        try {
            query = ReportQuery.parse(by, from, to, clock.instant());
        } catch (BadReportParameter bad) {
            return problem(HttpStatus.BAD_REQUEST, bad.type(), bad.getMessage());
        }
        return answer.apply(query);
    }

    private static ResponseEntity<?> problem(HttpStatus status, String type, String detail) {
        return ResponseEntity.status(status).contentType(MediaType.APPLICATION_PROBLEM_JSON)
                .body(ProblemResponses.problem(status, type, detail));
    }
}
