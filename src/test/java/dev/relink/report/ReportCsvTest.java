package dev.relink.report;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import org.junit.jupiter.api.Test;

/** The CSV a spreadsheet opens: the JSON's names as the header, a line per group, the total last. */
class ReportCsvTest {

    @Test
    void oneLinePerGroupThenTheTotalAndUnknownFiguresAreEmpty() {
        Instant t = FiguresTest.T;
        List<Journey> journeys = List.of(FiguresTest.repaired(t, Duration.ofHours(2), "sms"), FiguresTest.open(t, "email"));
        Instant asOf = t.plus(Duration.ofDays(2));
        RepairReports.Report report = new RepairReports.Report("channel", t, asOf, asOf, "USD",
                Figures.rows(journeys, Dimension.CHANNEL, asOf, FiguresTest.COSTS),
                Figures.row("all", journeys, asOf, FiguresTest.COSTS));

        List<String> lines = ReportCsv.of(report).lines().toList();

        assertThat(lines).hasSize(4);
        assertThat(lines.get(0)).startsWith("group,incidents,prompted,delivered,page_viewed,started,")
                .contains(",repair_rate_1d,", ",median_seconds_to_repair,", ",cost,cost_per_repair,")
                .endsWith(",messages_delivered,messages_bounced,messages_complained,delivery_rate,bounce_rate,complaint_rate");
        assertThat(lines.get(1)).startsWith("email,1,1,0,0,0,0,0,0,0,0,1,0,1,0.0,0,,0,,,0,0.0,1,0.0001,,0,0,0,0.0,0.0,0.0");
        assertThat(lines.get(2)).startsWith("sms,1,1,").contains(",0.0083,0.0083,");
        assertThat(lines.get(3)).startsWith("all,2,");
    }
}
