package dev.relink.ops;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.util.List;

import org.junit.jupiter.api.Test;

import dev.relink.report.ReportRow;

/** The report's chart: a bar per window as long as its share, and no bar for a window not lived through yet. */
class ReportChartTest {

    @Test
    void barsAreAsLongAsTheShareAndAWindowWithoutMaturedIncidentsSaysNotYet() {
        ReportRow sms = new ReportRow("sms", 4, 4, 3, 2, 2, 2, 0, 0, 3, 1, 1, 0, 4, 0.5, 4, 0.75, 0, null, 3600L, 0, 0.0,
                4, new BigDecimal("0.0332"), new BigDecimal("0.0111"), 3, 0, 0, 0.75, 0.0, 0.0);

        ReportChart chart = ReportChart.of(List.of(sms));

        assertThat(chart.bars()).extracting(ReportChart.Bar::within).containsExactly("within-1d", "within-3d");
        assertThat(chart.bars().get(0).width()).isEqualTo(ReportChart.PLOT / 2);
        assertThat(chart.bars().get(1).width()).isEqualTo(ReportChart.PLOT * 3 / 4);
        assertThat(chart.bars().get(1).title()).isEqualTo("sms: 75.0 % repaired within 3d");
        assertThat(chart.labels()).extracting(ReportChart.Label::text).contains("sms (4)", "7d: not yet");
        assertThat(chart.grid()).extracting(ReportChart.Grid::text).containsExactly("0 %", "25 %", "50 %", "75 %", "100 %");
    }

    @Test
    void timesToRepairReadAsPeopleSayThem() {
        assertThat(ReportLine.duration(null)).isEqualTo("–");
        assertThat(ReportLine.duration(20L)).isEqualTo("1 min");
        assertThat(ReportLine.duration(2400L)).isEqualTo("40 min");
        assertThat(ReportLine.duration(5 * 3600L + 1800)).isEqualTo("5.5 h");
        assertThat(ReportLine.duration(2 * 86400L + 7200)).isEqualTo("2.1 days");
    }
}
