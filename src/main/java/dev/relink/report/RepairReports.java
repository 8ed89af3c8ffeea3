package dev.relink.report;

import java.time.Clock;
import java.time.Instant;
import java.util.List;

import com.fasterxml.jackson.annotation.JsonProperty;

import org.springframework.stereotype.Component;

/** The repair report of a period by one dimension, as of now (what has matured by now). */
@Component
public class RepairReports {

    /** The report: its rows, the total over all of them, and the currency of its costs. */
    public record Report(String by, Instant from, Instant to, @JsonProperty("as_of") Instant asOf, String currency,
            List<ReportRow> rows, ReportRow total) {
    }

    private final Journeys journeys;
    private final ReportProperties properties;
    private final Clock clock;

    RepairReports(Journeys journeys, ReportProperties properties, Clock clock) {
        this.journeys = journeys;
        this.properties = properties;
        this.clock = clock;
    }

    Report report(ReportQuery query) {
        return report(query.by(), query.from(), query.to());
    }

    public Report report(Dimension by, Instant from, Instant to) {
        Instant now = clock.instant();
        List<Journey> detected = journeys.detectedBetween(from, to);
        Costs costs = properties.costs();
        return new Report(by.key(), from, to, now, costs.currency(), Figures.rows(detected, by, now, costs),
                Figures.row("all", detected, now, costs));
    }

    /** The console's form: the query's parameters read as the API reads them. */
    public Report asked(String by, String from, String to) {
        return report(ReportQuery.parse(by, from, to, clock.instant()));
    }
}
