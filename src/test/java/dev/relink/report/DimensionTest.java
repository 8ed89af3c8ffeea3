package dev.relink.report;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import org.junit.jupiter.api.Test;

/** How an incident is placed in a group: its weekly cohort, and the prompt it is counted under. */
class DimensionTest {

    static final Instant T = FiguresTest.T;

    @Test
    void theWeeklyCohortIsTheIsoWeekOfDetectionInUtc() {
        assertThat(Dimension.weekOf(Instant.parse("2026-11-02T00:00:00Z"))).isEqualTo("2026-W45");
        assertThat(Dimension.weekOf(Instant.parse("2026-11-08T23:59:59Z"))).isEqualTo("2026-W45");
        assertThat(Dimension.weekOf(Instant.parse("2026-11-09T00:00:00Z"))).isEqualTo("2026-W46");
        assertThat(Dimension.weekOf(Instant.parse("2027-01-01T12:00:00Z"))).as("ISO weeks cross the year").isEqualTo("2026-W53");
    }

    @Test
    void aRepairedIncidentCountsUnderTheLastPromptBeforeItsRepair() {
        Journey journey = FiguresTest.journey(T, List.of(FiguresTest.prompt(0, "email", "sent", T),
                FiguresTest.prompt(1, "sms", "delivered", T.plus(Duration.ofDays(1))),
                FiguresTest.prompt(2, "whatsapp", "read", T.plus(Duration.ofDays(3)))),
                null, T.plus(Duration.ofDays(2)), null);

        assertThat(Dimension.CHANNEL.groupOf(journey)).isEqualTo("sms");
        assertThat(Dimension.STEP.groupOf(journey)).isEqualTo("1");
        assertThat(Dimension.LOCALE.groupOf(journey)).isEqualTo("es");
        assertThat(Dimension.TEMPLATE_VARIANT.groupOf(journey)).isEqualTo("default");
        assertThat(Dimension.WEEK.groupOf(journey)).isEqualTo("2026-W45");
        assertThat(Dimension.INSTITUTION.groupOf(journey)).isEqualTo("erebor_mx_retail");
    }

    @Test
    void anUnrepairedIncidentCountsUnderItsLastPromptThatWentOutAndANeverPromptedOneUnderNone() {
        Journey failedLast = FiguresTest.journey(T, List.of(FiguresTest.prompt(0, "email", "sent", T),
                FiguresTest.prompt(1, "sms", "failed", T.plus(Duration.ofDays(1)))), null, null, null);
        Journey neverPrompted = FiguresTest.journey(T, List.of(), null, null, null);

        assertThat(Dimension.CHANNEL.groupOf(failedLast)).isEqualTo("email");
        assertThat(Dimension.CHANNEL.groupOf(neverPrompted)).isEqualTo("none");
        assertThat(Dimension.STEP.groupOf(neverPrompted)).isEqualTo("none");
    }

    @Test
    void eachIncidentCountsOnceInEveryGrouping() {
        List<Journey> journeys = List.of(FiguresTest.repaired(T, Duration.ofHours(1), "sms"),
                FiguresTest.open(T, "email"), FiguresTest.journey(T, List.of(), null, null, null));
        for (Dimension by : Dimension.values()) {
            assertThat(Figures.rows(journeys, by, T, FiguresTest.COSTS).stream().mapToLong(ReportRow::incidents).sum())
                    .as(by.key()).isEqualTo(3);
        }
    }
}
