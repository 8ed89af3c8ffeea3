package dev.relink.report;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

/** The report's arithmetic: rates only over incidents old enough, medians, opt-outs and costs. */
class FiguresTest {

    static final Instant T = Instant.parse("2026-11-02T09:00:00Z"); // a Monday
    static final Costs COSTS = new Costs(Map.of("sms", new BigDecimal("0.0083"), "email", new BigDecimal("0.0001")), "USD");

    @Test
    void aRateWithinDaysCountsOnlyIncidentsDetectedAtLeastThatLongAgo() {
        Journey repairedIn2h = repaired(T, Duration.ofHours(2), "sms");
        Journey repairedIn2Days = repaired(T, Duration.ofDays(2), "sms");
        Journey neverRepaired = open(T, "sms");
        Journey detectedYesterday = open(T.plus(Duration.ofDays(5)), "sms");

        ReportRow row = Figures.row("sms", List.of(repairedIn2h, repairedIn2Days, neverRepaired, detectedYesterday),
                T.plus(Duration.ofDays(6)), COSTS);

        assertThat(row.matured1d()).isEqualTo(4);
        assertThat(row.repairRate1d()).isEqualTo(0.25);
        assertThat(row.matured3d()).as("the one detected a day ago has not had 3 days yet").isEqualTo(3);
        assertThat(row.repairRate3d()).isEqualTo(2.0 / 3);
        assertThat(row.matured7d()).isZero();
        assertThat(row.repairRate7d()).as("no incident has had 7 days: no rate, not 0").isNull();
        assertThat(row.repaired()).isEqualTo(2);
        assertThat(row.open()).isEqualTo(2);
    }

    @Test
    void theMedianIsTheMiddleValueOrTheMeanOfTheMiddleTwo() {
        assertThat(Figures.median(List.of())).isNull();
        assertThat(Figures.median(List.of(30L, 10L, 20L))).isEqualTo(20);
        assertThat(Figures.median(List.of(40L, 10L, 20L, 30L))).isEqualTo(25);
        assertThat(Figures.median(List.of(1L, 2L))).isEqualTo(1);
    }

    @Test
    void theMedianTimeToRepairIsOverRepairedIncidentsOnly() {
        ReportRow row = Figures.row("g", List.of(repaired(T, Duration.ofHours(1), "sms"),
                repaired(T, Duration.ofHours(3), "sms"), open(T, "sms")), T.plus(Duration.ofDays(30)), COSTS);

        assertThat(row.medianSecondsToRepair()).isEqualTo(Duration.ofHours(2).toSeconds());
    }

    @Test
    void costIsEveryMessageThatWentOutPricedByChannelPerRepairedIncident() {
        Journey twoMessages = journey(T, List.of(prompt(0, "email", "sent", T), prompt(1, "sms", "delivered", T.plusSeconds(60))),
                null, T.plus(Duration.ofHours(5)), null);
        Journey failedOnly = journey(T, List.of(prompt(0, "sms", "failed", T)), null, null, null);

        ReportRow row = Figures.row("g", List.of(twoMessages, failedOnly), T.plus(Duration.ofDays(8)), COSTS);

        assertThat(row.messages()).as("a message that failed at once was never sent").isEqualTo(2);
        assertThat(row.cost()).isEqualByComparingTo("0.0084");
        assertThat(row.costPerRepair()).isEqualByComparingTo("0.0084");
        assertThat(row.prompted()).isEqualTo(1);
        assertThat(row.delivered()).isEqualTo(1);
        assertThat(Figures.perRepair(new BigDecimal("0.0100"), 3)).isEqualByComparingTo("0.0033");
        assertThat(Figures.perRepair(BigDecimal.ONE, 0)).as("nothing repaired: no cost per repair").isNull();
        assertThat(COSTS.perMessage("whatsapp")).as("a channel without a price").isEqualByComparingTo("0");
    }

    @Test
    void deliveredBouncedAndComplainedAreSharesOfTheMessagesThatWentOut() {
        Journey bouncedThenSms = journey(T, List.of(reported(0, "email", "bounced", "bounced", "ses", T),
                prompt(0, "sms", "delivered", T.plusSeconds(60))), null, null, null);
        Journey complained = journey(T, List.of(reported(0, "email", "delivered", "complained", "sendgrid", T)), null, null, null);
        Journey undelivered = journey(T, List.of(prompt(0, "sms", "undelivered", T)), null, null, null);
        Journey failedAtOnce = journey(T, List.of(prompt(0, "sms", "failed", T)), null, null, null);

        ReportRow row = Figures.row("g", List.of(bouncedThenSms, complained, undelivered, failedAtOnce),
                T.plus(Duration.ofDays(1)), COSTS);

        assertThat(row.messages()).as("the SMS that failed at once never went out").isEqualTo(4);
        assertThat(row.messagesDelivered()).as("the complained-of email was delivered first").isEqualTo(2);
        assertThat(row.messagesBounced()).as("SES's hard bounce and Twilio's undelivered").isEqualTo(2);
        assertThat(row.messagesComplained()).isEqualTo(1);
        assertThat(row.deliveryRate()).isEqualTo(0.5);
        assertThat(row.bounceRate()).isEqualTo(0.5);
        assertThat(row.complaintRate()).isEqualTo(0.25);
        assertThat(row.delivered()).as("incidents with a delivered message, as before").isEqualTo(2);
        ReportRow nothingSent = Figures.row("g", List.of(failedAtOnce), T.plus(Duration.ofDays(1)), COSTS);
        assertThat(nothingSent.bounceRate()).as("no message went out: no rate, not 0").isNull();
        assertThat(nothingSent.deliveryRate()).isNull();
    }

    @Test
    void theOptOutRateIsOverPromptedIncidents() {
        Journey optedOut = journey(T, List.of(prompt(0, "sms", "delivered", T)), null, null, T.plusSeconds(300));
        Journey stayed = journey(T, List.of(prompt(0, "sms", "delivered", T)), null, null, null);
        Journey neverPrompted = journey(T, List.of(), null, null, null);

        ReportRow row = Figures.row("g", List.of(optedOut, stayed, neverPrompted), T.plus(Duration.ofDays(1)), COSTS);

        assertThat(row.optedOut()).isEqualTo(1);
        assertThat(row.optOutRate()).isEqualTo(0.5);
        assertThat(Figures.share(0, 0)).isNull();
    }

    @Test
    void aRepairWithoutAPressOfTheButtonIsARepairToo() {
        Journey clicked = journey(T, List.of(prompt(0, "email", "sent", T)), T.plusSeconds(60), T.plusSeconds(600), null);
        Journey elsewhere = journey(T, List.of(prompt(0, "email", "sent", T)), null, T.plusSeconds(600), null);

        ReportRow row = Figures.row("g", List.of(clicked, elsewhere), T.plus(Duration.ofDays(1)), COSTS);

        Journey widgetSaidSoWithoutAPress = new Journey("w", "invalid_credentials", "erebor_mx_retail", T, List.of(), null,
                null, new Journey.Widget("success", null, T.plusSeconds(500)), T.plusSeconds(600), T.plusSeconds(600), null);
        assertThat(clicked.outcome()).isEqualTo(Journey.REPAIRED);
        assertThat(widgetSaidSoWithoutAPress.outcome()).as("the page's widget was used").isEqualTo(Journey.REPAIRED);
        assertThat(elsewhere.outcome()).isEqualTo(Journey.REPAIRED_WITHOUT_CLICK);
        assertThat(row.repaired()).isEqualTo(2);
        assertThat(row.repairedWithoutClick()).isEqualTo(1);
        assertThat(row.repairRate1d()).isEqualTo(1.0);
    }

    static Journey repaired(Instant detected, Duration after, String channel) {
        return journey(detected, List.of(prompt(0, channel, "sent", detected)), null, detected.plus(after), null);
    }

    static Journey open(Instant detected, String channel) {
        return journey(detected, List.of(prompt(0, channel, "sent", detected)), null, null, null);
    }

    static Journey journey(Instant detected, List<Journey.Prompt> prompts, Instant started, Instant repaired,
            Instant optedOut) {
        return new Journey("i-" + detected + prompts.size() + repaired, "invalid_credentials", "erebor_mx_retail", detected,
                prompts, started, started, null, repaired, repaired, optedOut);
    }

    static Journey.Prompt prompt(int step, String channel, String status, Instant at) {
        return reported(step, channel, status, null, null, at);
    }

    /** A prompt with the email provider's word on it ({@code feedback}, from {@code provider}; null: none). */
    static Journey.Prompt reported(int step, String channel, String status, String feedback, String provider, Instant at) {
        return new Journey.Prompt(step, channel, "es", "default", status, at,
                DeliveryStatus.delivered(status) ? at.plusSeconds(5) : null, DeliveryStatus.provider(channel, provider), feedback);
    }
}
