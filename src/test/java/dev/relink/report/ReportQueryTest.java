package dev.relink.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;

import org.junit.jupiter.api.Test;

/** The report's parameters: what a date means, the defaults, and what is refused. */
class ReportQueryTest {

    static final Instant NOW = Instant.parse("2026-12-07T14:00:00Z");

    @Test
    void withoutParametersItIsTheLast28DaysByChannel() {
        ReportQuery query = ReportQuery.parse(null, null, null, NOW);

        assertThat(query.by()).isEqualTo(Dimension.CHANNEL);
        assertThat(query.to()).isEqualTo(NOW);
        assertThat(query.from()).isEqualTo(NOW.minus(Duration.ofDays(28)));
    }

    @Test
    void aDateIsTheWholeDayInUtcAndADateTimeIsThatMoment() {
        ReportQuery days = ReportQuery.parse("week", "2026-11-01", "2026-11-30", NOW);
        ReportQuery moments = ReportQuery.parse("template_variant", "2026-11-01T06:00:00-06:00", "2026-11-02T00:00:00Z", NOW);

        assertThat(days.by()).isEqualTo(Dimension.WEEK);
        assertThat(days.from()).isEqualTo(Instant.parse("2026-11-01T00:00:00Z"));
        assertThat(days.to()).as("to a date: up to its end").isEqualTo(Instant.parse("2026-12-01T00:00:00Z"));
        assertThat(moments.by()).isEqualTo(Dimension.TEMPLATE_VARIANT);
        assertThat(moments.from()).isEqualTo(Instant.parse("2026-11-01T12:00:00Z"));
    }

    @Test
    void anUnknownDimensionABadDateOrAnEmptyPeriodIsRefusedSayingWhy() {
        assertThatThrownBy(() -> ReportQuery.parse("colour", null, null, NOW)).isInstanceOf(BadReportParameter.class)
                .hasMessageContaining("channel, step, locale, template_variant, institution, reason, week")
                .extracting(bad -> ((BadReportParameter) bad).type()).isEqualTo("unknown-dimension");
        assertThatThrownBy(() -> ReportQuery.parse(null, "yesterday", null, NOW))
                .extracting(bad -> ((BadReportParameter) bad).type()).isEqualTo("bad-date");
        assertThatThrownBy(() -> ReportQuery.parse(null, null, "2026-13-01", NOW))
                .extracting(bad -> ((BadReportParameter) bad).type()).isEqualTo("bad-date");
        assertThatThrownBy(() -> ReportQuery.parse(null, "2026-12-01", "2026-11-01", NOW))
                .extracting(bad -> ((BadReportParameter) bad).type()).isEqualTo("bad-period");
    }
}
