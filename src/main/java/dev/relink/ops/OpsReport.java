package dev.relink.ops;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Locale;

import jakarta.servlet.http.HttpServletResponse;

import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;

import dev.relink.report.BadReportParameter;
import dev.relink.report.Dimension;
import dev.relink.report.RepairReports;
import dev.relink.report.ReportRow;

/**
 * {@code /ops/report}: the repair report of {@code GET /api/report} for people: the chart of how many
 * incidents come back within 1, 3 and 7 days per group, the table of every figure below it. A parameter
 * it cannot read is said at the top (400), and the default report shown.
 */
@Controller
class OpsReport {

    private static final DateTimeFormatter DAY = DateTimeFormatter.ISO_LOCAL_DATE.withZone(ZoneOffset.UTC);

    /** A row of the table, its figures as the page prints them. */
    record Line(String group, long incidents, long prompted, long delivered, long pageViewed, long started,
            long widgetSuccess, long widgetError, long widgetExit, long repaired, long repairedWithoutClick,
            String within1d, String within3d, String within7d, String median, String optOutRate, String cost,
            String costPerRepair) {

        static Line of(ReportRow row, String currency) {
            return new Line(row.group(), row.incidents(), row.prompted(), row.delivered(), row.pageViewed(),
                    row.started(), row.widgetSuccess(), row.widgetError(), row.widgetExit(), row.repaired(),
                    row.repairedWithoutClick(), percent(row.repairRate1d()), percent(row.repairRate3d()),
                    percent(row.repairRate7d()), duration(row.medianSecondsToRepair()), percent(row.optOutRate()),
                    money(row.cost(), currency), money(row.costPerRepair(), currency));
        }
    }

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
        model.addAttribute("lines", report.rows().stream().map(row -> Line.of(row, report.currency())).toList());
        model.addAttribute("totalLine", Line.of(report.total(), report.currency()));
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

    static String percent(Double share) {
        return share == null ? "–" : String.format(Locale.ROOT, "%.1f %%", share * 100);
    }

    /** A time to repair as people say it: 40 min, 5.5 h, 2.3 days. */
    static String duration(Long seconds) {
        if (seconds == null) {
            return "–";
        }
        Duration time = Duration.ofSeconds(seconds);
        if (time.compareTo(Duration.ofHours(1)) < 0) {
            return Math.max(1, time.toMinutes()) + " min";
        }
        if (time.compareTo(Duration.ofDays(1)) < 0) {
            return String.format(Locale.ROOT, "%.1f h", seconds / 3600.0);
        }
        return String.format(Locale.ROOT, "%.1f days", seconds / 86400.0);
    }

    private static String money(BigDecimal amount, String currency) {
        return amount == null ? "–" : amount.stripTrailingZeros().toPlainString() + " " + currency;
    }
}
