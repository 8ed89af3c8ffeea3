package dev.relink.experiment;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * The report of one experiment (the body of {@code GET /api/experiments/{id}}, and the console's page).
 * An incident counts once its outcome window has passed since it was assigned (before that it is
 * {@code pending}): repaired if Belvo said its link is valid within the window, opted out if its person
 * opted out of a channel within it. Each arm's rate has a Wilson interval; each other arm is compared
 * with control by an always-valid confidence sequence ({@link Proportions#difference}), so the report may
 * be read every day without raising the error rate it states.
 *
 * @param winner   the arm to keep: the best arm whose repair rate beats control's and whose opt-outs are
 *                 not worse, or control when every other arm is worse than it; null while neither holds
 * @param decided  the data are enough to end the experiment: a winner, or every arm within ±smallest
 *                 effect of control (keeping control then loses less than that)
 * @param lift     for a holdout: control's repair rate minus the holdout's, what prompting adds
 */
public record ExperimentReport(String id, String status, @JsonProperty("outcome_window") String outcomeWindow,
        double confidence, @JsonProperty("smallest_effect") double smallestEffect, List<ArmLine> arms,
        List<Comparison> comparisons, Comparison lift, String winner, boolean decided, String decision) {

    /** One arm's counts: all assigned, those whose window has passed (observed), repaired and opted out among those. */
    public record ArmLine(String name, int weight, boolean holdout, String template, long assigned, long pending,
            long observed, long repaired, Double rate, @JsonProperty("ci_low") Double ciLow,
            @JsonProperty("ci_high") Double ciHigh, @JsonProperty("opted_out") long optedOut,
            @JsonProperty("opt_out_rate") Double optOutRate) {
    }

    /**
     * An arm against control: the difference of repair rates with its always-valid interval, and
     * whether its opt-out rate is significantly above control's (the guardrail).
     */
    public record Comparison(String arm, Double difference, @JsonProperty("ci_low") Double ciLow,
            @JsonProperty("ci_high") Double ciHigh, String verdict, @JsonProperty("opt_outs_worse") boolean optOutsWorse) {
    }

    static ExperimentReport of(Experiment experiment, List<ExperimentStore.Outcome> outcomes, ExperimentSettings settings,
            Instant now) {
        Duration window = settings.outcomeWindow();
        double confidence = settings.confidence();
        List<ArmLine> arms = new ArrayList<>();
        for (Experiment.Arm arm : experiment.arms()) {
            List<ExperimentStore.Outcome> mine = outcomes.stream().filter(outcome -> outcome.arm().equals(arm.name())).toList();
            List<ExperimentStore.Outcome> observed = mine.stream()
                    .filter(outcome -> !outcome.assignedAt().plus(window).isAfter(now)).toList();
            long repaired = observed.stream().filter(outcome -> within(outcome.repairedAt(), outcome, window)).count();
            long optedOut = observed.stream().filter(outcome -> within(outcome.optedOutAt(), outcome, window)).count();
            Proportions.Interval interval = observed.isEmpty() ? null
                    : Proportions.wilson(repaired, observed.size(), confidence);
            arms.add(new ArmLine(arm.name(), arm.weight(), arm.holdout(), arm.variant() == null ? Treatment.DEFAULT_VARIANT
                    : arm.variant(), mine.size(), mine.size() - observed.size(), observed.size(), repaired,
                    rate(repaired, observed.size()), interval == null ? null : interval.low(),
                    interval == null ? null : interval.high(), optedOut, rate(optedOut, observed.size())));
        }
        ArmLine control = arms.stream().filter(arm -> arm.name().equals(Experiment.CONTROL)).findFirst().orElseThrow();
        List<Comparison> comparisons = new ArrayList<>();
        Comparison lift = null;
        for (ArmLine arm : arms) {
            if (arm == control) {
                continue;
            }
            if (arm.holdout()) {
                lift = compare(control, arm, settings, Experiment.CONTROL);
            } else {
                comparisons.add(compare(arm, control, settings, arm.name()));
            }
        }
        String winner = winner(arms, comparisons).orElse(null);
        boolean equivalent = !comparisons.isEmpty() && comparisons.stream().allMatch(c -> "as good".equals(c.verdict()));
        boolean decided = winner != null || equivalent;
        return new ExperimentReport(experiment.id(), experiment.status(), window.toString(), confidence,
                settings.smallestEffect(), arms, comparisons, lift, winner, decided,
                decision(winner, equivalent, control, settings));
    }

    /** {@code arm} − {@code baseline}, on repairs (verdict) and on opt-outs (the guardrail). */
    private static Comparison compare(ArmLine arm, ArmLine baseline, ExperimentSettings settings, String name) {
        if (arm.observed() == 0 || baseline.observed() == 0) {
            return new Comparison(name, null, null, null, "no data yet", false);
        }
        Proportions.Interval repairs = Proportions.difference(arm.repaired(), arm.observed(), baseline.repaired(),
                baseline.observed(), settings.confidence(), settings.smallestEffect());
        Proportions.Interval optOuts = Proportions.difference(arm.optedOut(), arm.observed(), baseline.optedOut(),
                baseline.observed(), settings.confidence(), settings.smallestEffect());
        String verdict = repairs.above(0) ? "better" : repairs.below(0) ? "worse"
                : repairs.within(settings.smallestEffect()) ? "as good" : "not yet known";
        return new Comparison(name, arm.rate() - baseline.rate(), repairs.low(), repairs.high(), verdict, optOuts.above(0));
    }

    /** The best arm better than control without worse opt-outs; else control if every arm is worse; else none. */
    private static Optional<String> winner(List<ArmLine> arms, List<Comparison> comparisons) {
        Optional<String> better = comparisons.stream()
                .filter(c -> "better".equals(c.verdict()) && !c.optOutsWorse())
                .max(Comparator.comparingDouble(Comparison::difference)).map(Comparison::arm);
        if (better.isPresent()) {
            return better;
        }
        boolean allWorse = !comparisons.isEmpty() && comparisons.stream()
                .allMatch(c -> "worse".equals(c.verdict()) || c.optOutsWorse());
        return allWorse ? Optional.of(Experiment.CONTROL) : Optional.empty();
    }

    private static String decision(String winner, boolean equivalent, ArmLine control, ExperimentSettings settings) {
        String confidence = Math.round(settings.confidence() * 100) + " %";
        if (winner != null) {
            return Experiment.CONTROL.equals(winner)
                    ? "Enough to decide: keep control; every other arm repairs fewer links, or opts out more people, at " + confidence + "."
                    : "Enough to decide: keep " + winner + "; it repairs more links than control at " + confidence
                            + " without more opt-outs. End the experiment and make it the default.";
        }
        if (equivalent) {
            return "Enough to decide: no arm differs from control by " + Math.round(settings.smallestEffect() * 100)
                    + " points or more; keep whichever is cheaper.";
        }
        return control.observed() == 0 ? "No outcome yet: the first incidents count once " + settings.outcomeWindow()
                + " has passed since they were assigned."
                : "Not enough data yet: keep it running.";
    }

    private static boolean within(Instant at, ExperimentStore.Outcome outcome, Duration window) {
        return at != null && !at.isAfter(outcome.assignedAt().plus(window));
    }

    private static Double rate(long count, long of) {
        return of == 0 ? null : (double) count / of;
    }
}
