package dev.relink.experiment;

import java.util.List;

import org.springframework.http.HttpStatus;
import org.springframework.web.ErrorResponseException;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

import dev.relink.web.ProblemResponses;

/** {@code GET /api/experiments} and {@code GET /api/experiments/{id}}: the reports. The API key filter guards both. */
@RestController
@RequestMapping("/api/experiments")
class ExperimentController {

    private final ExperimentReports reports;

    ExperimentController(ExperimentReports reports) {
        this.reports = reports;
    }

    record Items(List<ExperimentReport> items) {
    }

    @GetMapping
    Items list() {
        return new Items(reports.all());
    }

    @GetMapping("/{id}")
    ExperimentReport get(@PathVariable String id) {
        return reports.report(id).orElseThrow(() -> new ErrorResponseException(HttpStatus.NOT_FOUND,
                ProblemResponses.problem(HttpStatus.NOT_FOUND, "experiment-not-found", "No experiment has id '" + id
                        + "' in relink.experiments-file. List them with GET /api/experiments."), null));
    }
}
