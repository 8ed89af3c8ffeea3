package dev.relink.ops;

import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

import jakarta.servlet.http.HttpServletResponse;

import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;

import dev.relink.report.BadReportParameter;
import dev.relink.report.Dimension;
import dev.relink.report.RepairReports;

/**
 * {@code /ops/report}: the repair report of {@code GET /api/report} for people: the chart of how many
 * incidents come back within 1, 3 and 7 days per group, the table of every figure below it. A parameter
 * it cannot read is said at the top (400), and the default report shown.
 */
@Controller
class OpsReport {

    private static final DateTimeFormatter DAY = DateTimeFormatter.ISO_LOCAL_DATE.withZone(ZoneOffset.UTC);

    private final RepairReports reports;

    OpsReport(RepairReports reports) {
        this.reports = reports;
    }

    @GetMapping("/ops/report")
    String report(@RequestParam(required = false) String by, @RequestParam(required = false) String from,
            @RequestParam(required = false) String to, Model model, HttpServletResponse response) {
        RepairReports.Report report = asked(by, from, to, model, response);
        model.addAttribute("report", report);
        model.addAttribute("chart", ReportChart.of(report.rows()));
        model.addAttribute("anyRows", !report.rows().isEmpty());
        model.addAttribute("lines", report.rows().stream().map(row -> ReportLine.of(row, report.currency())).toList());
        model.addAttribute("totalLine", ReportLine.of(report.total(), report.currency()));
        model.addAttribute("dimensions", OpsViews.options(Dimension.keys(), report.by()).stream().skip(1).toList());
        model.addAttribute("fromDay", DAY.format(report.from()));
        model.addAttribute("toDay", DAY.format(report.to().minusNanos(1)));
        model.addAttribute("nav", OpsViews.Nav.of("report"));
        return "ops/report";
    }

    private RepairReports.Report asked(String by, String from, String to, Model model, HttpServletResponse response) {
        try {
            return reports.asked(by, from, to);
        } catch (BadReportParameter bad) {
            response.setStatus(HttpServletResponse.SC_BAD_REQUEST);
            model.addAttribute("problem", bad.getMessage());
            return reports.asked(null, null, null);
        }
    }
}
