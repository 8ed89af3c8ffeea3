package dev.relink.ops;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.LocalDate;
import java.util.List;

import org.junit.jupiter.api.Test;

import dev.relink.incident.IncidentFunnel;

/** The ops console's funnel chart draws the page's fetches (opened) apart from a person's starts. */
class FunnelChartTest {

    @Test
    void eachDayHasAnOpenedAndAStartedBar() {
        LocalDate day = LocalDate.of(2026, 12, 7);

        FunnelChart chart = FunnelChart.of(List.of(new IncidentFunnel.Day(day, 4, 4, 3, 1, 1)), day, day);

        assertThat(chart.bars()).extracting(FunnelChart.Bar::stage)
                .containsExactly("prompted", "opened", "started", "repaired");
        assertThat(chart.bars()).extracting(FunnelChart.Bar::title)
                .contains("2026-12-07 opened: 3", "2026-12-07 started: 1");
        assertThat(chart.bars().get(1).height()).isGreaterThan(chart.bars().get(2).height());
    }
}
