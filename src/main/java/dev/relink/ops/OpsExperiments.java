package dev.relink.ops;

import java.util.Locale;

import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.server.ResponseStatusException;

import dev.relink.experiment.ExperimentReport;
import dev.relink.experiment.ExperimentReports;

/**
 * {@code /ops/experiments}: the experiments of {@code experiments.yaml} and, per experiment, its report:
 * a chart of each arm's repair rate with its interval, the table of counts below it, each arm against
 * control, and whether the data are enough to decide.
 */
@Controller
class OpsExperiments {

    /** A number as the page prints it: a rate in percent, or a dash when there is none yet. */
    record Cell(String arm, String assigned, String pending, String observed, String repaired, String rate,
            String interval, String optOutRate, boolean holdout) {
    }

    /** One comparison with control, printed. */
    record Versus(String arm, String difference, String interval, String verdict, boolean optOutsWorse) {
    }

    private final ExperimentReports reports;

    OpsExperiments(ExperimentReports reports) {
        this.reports = reports;
    }

    @GetMapping("/ops/experiments")
    String list(Model model) {
        model.addAttribute("experiments", reports.all());
        model.addAttribute("nav", OpsViews.Nav.of("experiments"));
        return "ops/experiments";
    }

    @GetMapping("/ops/experiments/{id}")
    String experiment(@PathVariable String id, Model model) {
        ExperimentReport report = reports.report(id)
                .orElseThrow(() -> new ResponseStatusException(HttpStatus.NOT_FOUND, "No experiment " + id));
        model.addAttribute("report", report);
        model.addAttribute("chart", ExperimentChart.of(report));
        model.addAttribute("arms", report.arms().stream().map(arm -> new Cell(arm.name(), String.valueOf(arm.assigned()),
                String.valueOf(arm.pending()), String.valueOf(arm.observed()), String.valueOf(arm.repaired()),
                ExperimentChart.percent(arm.rate()), range(arm.ciLow(), arm.ciHigh()), ExperimentChart.percent(arm.optOutRate()), arm.holdout())).toList());
        model.addAttribute("comparisons", report.comparisons().stream().map(OpsExperiments::versus).toList());
        model.addAttribute("lift", report.lift() == null ? null : versus(report.lift()));
        model.addAttribute("winner", report.winner() == null ? "none yet" : report.winner());
        model.addAttribute("confidence", Math.round(report.confidence() * 100) + " %");
        model.addAttribute("nav", OpsViews.Nav.of("experiments"));
        return "ops/experiment";
    }

    private static Versus versus(ExperimentReport.Comparison comparison) {
        return new Versus(comparison.arm(), points(comparison.difference()), range(comparison.ciLow(), comparison.ciHigh()),
                comparison.verdict(), comparison.optOutsWorse());
    }

    private static String points(Double difference) {
        return difference == null ? "–" : String.format(Locale.ROOT, "%+.1f points", difference * 100);
    }

    private static String range(Double low, Double high) {
        return low == null ? "–" : String.format(Locale.ROOT, "%.1f to %.1f", low * 100, high * 100);
    }
}
