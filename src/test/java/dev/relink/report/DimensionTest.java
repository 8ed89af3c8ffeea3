package dev.relink.report;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import org.junit.jupiter.api.Test;

/** How an incident is placed in a group: its weekly cohort, the prompt it is counted under, the providers of its messages. */
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

        assertThat(Dimension.CHANNEL.partsOf(journey).keySet()).containsExactly("sms");
        assertThat(Dimension.STEP.partsOf(journey).keySet()).containsExactly("1");
        assertThat(Dimension.LOCALE.partsOf(journey).keySet()).containsExactly("es");
        assertThat(Dimension.TEMPLATE_VARIANT.partsOf(journey).keySet()).containsExactly("default");
        assertThat(Dimension.WEEK.partsOf(journey).keySet()).containsExactly("2026-W45");
        assertThat(Dimension.INSTITUTION.partsOf(journey).keySet()).containsExactly("erebor_mx_retail");
    }

    @Test
    void anUnrepairedIncidentCountsUnderItsLastPromptThatWentOutAndANeverPromptedOneUnderNone() {
        Journey failedLast = FiguresTest.journey(T, List.of(FiguresTest.prompt(0, "email", "sent", T),
                FiguresTest.prompt(1, "sms", "failed", T.plus(Duration.ofDays(1)))), null, null, null);
        Journey neverPrompted = FiguresTest.journey(T, List.of(), null, null, null);

        assertThat(Dimension.CHANNEL.partsOf(failedLast).keySet()).containsExactly("email");
        assertThat(Dimension.CHANNEL.partsOf(neverPrompted).keySet()).containsExactly("none");
        assertThat(Dimension.STEP.partsOf(neverPrompted).keySet()).containsExactly("none");
    }

    @Test
    void byProviderAnIncidentCountsUnderEachProviderOfItsMessagesWithThoseMessagesOnly() {
        Journey bouncedThenSms = FiguresTest.journey(T, List.of(
                FiguresTest.reported(0, "email", "bounced", "bounced", "ses", T),
                FiguresTest.prompt(0, "sms", "delivered", T.plusSeconds(60))), null, T.plus(Duration.ofHours(1)), null);
        Journey unreported = FiguresTest.open(T, "email");
        Journey whatsapp = FiguresTest.open(T, "whatsapp");
        Journey failedAtOnce = FiguresTest.journey(T, List.of(FiguresTest.prompt(0, "email", "failed", T)), null, null, null);

        Map<String, ReportRow> rows = Figures.rows(List.of(bouncedThenSms, unreported, whatsapp, failedAtOnce),
                Dimension.PROVIDER, T.plus(Duration.ofDays(1)), FiguresTest.COSTS).stream()
                .collect(Collectors.toMap(ReportRow::group, row -> row));

        assertThat(rows.keySet()).containsExactlyInAnyOrder("ses", "twilio", "unreported", "none");
        assertThat(rows.get("ses").incidents()).isEqualTo(1);
        assertThat(rows.get("ses").messages()).as("SES's email only").isEqualTo(1);
        assertThat(rows.get("ses").messagesBounced()).isEqualTo(1);
        assertThat(rows.get("ses").repaired()).as("the incident's own outcome").isEqualTo(1);
        assertThat(rows.get("twilio").incidents()).as("the same incident's SMS, and the WhatsApp message").isEqualTo(2);
        assertThat(rows.get("twilio").messages()).isEqualTo(2);
        assertThat(rows.get("twilio").messagesDelivered()).isEqualTo(1);
        assertThat(rows.get("twilio").messagesBounced()).isZero();
        assertThat(rows.get("twilio").cost()).as("Twilio's messages priced").isEqualByComparingTo("0.0083");
        assertThat(rows.get("unreported").messages()).as("an email no provider said anything of").isEqualTo(1);
        assertThat(rows.get("none").incidents()).as("nothing went out").isEqualTo(1);
        assertThat(Figures.row("all", List.of(bouncedThenSms, unreported, whatsapp, failedAtOnce), T, FiguresTest.COSTS)
                .incidents()).as("the total counts each incident once").isEqualTo(4);
    }

    @Test
    void eachIncidentCountsOnceInEveryGroupingOfOneValue() {
        List<Journey> journeys = List.of(FiguresTest.repaired(T, Duration.ofHours(1), "sms"),
                FiguresTest.open(T, "email"), FiguresTest.journey(T, List.of(), null, null, null));
        for (Dimension by : Dimension.values()) {
            assertThat(Figures.rows(journeys, by, T, FiguresTest.COSTS).stream().mapToLong(ReportRow::incidents).sum())
                    .as(by.key()).isEqualTo(3);
        }
    }
}
