package dev.relink.experiment;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import org.junit.jupiter.api.Test;

/** What the report concludes from outcomes: who counts, the winner, the guardrail, when it is enough. */
class ExperimentReportTest {

    static final ExperimentSettings SETTINGS = new ExperimentSettings(Duration.ofDays(7), 0.95, 0.02);
    static final Instant START = Instant.parse("2026-11-01T00:00:00Z");
    static final Instant NOW = START.plus(Duration.ofDays(30));
    static final Experiment AB_HOLDOUT = new Experiment("ab", Experiment.RUNNING, Set.of(), List.of(arm("control", false),
            arm("b", false), arm("holdout", true)));

    @Test
    void anIncidentCountsOnlyOnceItsOutcomeWindowHasPassed() {
        List<ExperimentStore.Outcome> outcomes = List.of(
                new ExperimentStore.Outcome("control", NOW.minus(Duration.ofDays(8)), NOW.minus(Duration.ofDays(7)), null),
                // repaired after its window: counted, not as repaired
                new ExperimentStore.Outcome("control", NOW.minus(Duration.ofDays(20)), NOW.minus(Duration.ofDays(10)), null),
                // still inside its window, though repaired already: pending
                new ExperimentStore.Outcome("control", NOW.minus(Duration.ofDays(2)), NOW.minus(Duration.ofDays(1)), null));
        ExperimentReport.ArmLine control = ExperimentReport.of(AB_HOLDOUT, outcomes, SETTINGS, NOW).arms().get(0);
        assertThat(control.assigned()).isEqualTo(3);
        assertThat(control.pending()).isEqualTo(1);
        assertThat(control.observed()).isEqualTo(2);
        assertThat(control.repaired()).isEqualTo(1);
        assertThat(control.rate()).isEqualTo(0.5);
    }

    @Test
    void aClearlyBetterArmWinsAndTheHoldoutMeasuresTheLift() {
        List<ExperimentStore.Outcome> outcomes = new ArrayList<>();
        add(outcomes, "control", 3000, 900, 30);
        add(outcomes, "b", 3000, 1080, 30);
        add(outcomes, "holdout", 700, 70, 0);
        ExperimentReport report = ExperimentReport.of(AB_HOLDOUT, outcomes, SETTINGS, NOW);
        assertThat(report.winner()).isEqualTo("b");
        assertThat(report.decided()).isTrue();
        assertThat(report.decision()).startsWith("Enough to decide: keep b");
        assertThat(report.comparisons()).singleElement().satisfies(b -> {
            assertThat(b.verdict()).isEqualTo("better");
            assertThat(b.difference()).isCloseTo(0.06, org.assertj.core.api.Assertions.within(1e-9));
            assertThat(b.ciLow()).isPositive().isLessThan(0.06);
        });
        assertThat(report.lift().difference()).isCloseTo(0.2, org.assertj.core.api.Assertions.within(1e-9));
        assertThat(report.lift().ciLow()).isPositive();
    }

    @Test
    void anArmThatRepairsMoreButDrivesPeopleToOptOutIsFlaggedAndNeverTheWinner() {
        List<ExperimentStore.Outcome> outcomes = new ArrayList<>();
        add(outcomes, "control", 3000, 900, 30);
        add(outcomes, "b", 3000, 1080, 150);
        ExperimentReport report = ExperimentReport.of(AB_HOLDOUT, outcomes, SETTINGS, NOW);
        assertThat(report.comparisons().get(0).optOutsWorse()).isTrue();
        assertThat(report.winner()).isEqualTo("control");
    }

    @Test
    void equalArmsWithEnoughDataAreEnoughToDecideWithoutAWinner() {
        List<ExperimentStore.Outcome> outcomes = new ArrayList<>();
        add(outcomes, "control", 60000, 18000, 0);
        add(outcomes, "b", 60000, 18000, 0);
        ExperimentReport report = ExperimentReport.of(AB_HOLDOUT, outcomes, SETTINGS, NOW);
        assertThat(report.comparisons().get(0).verdict()).isEqualTo("as good");
        assertThat(report.winner()).isNull();
        assertThat(report.decided()).isTrue();
    }

    @Test
    void fewPeopleDecideNothing() {
        List<ExperimentStore.Outcome> outcomes = new ArrayList<>();
        add(outcomes, "control", 50, 15, 0);
        add(outcomes, "b", 50, 20, 0);
        ExperimentReport report = ExperimentReport.of(AB_HOLDOUT, outcomes, SETTINGS, NOW);
        assertThat(report.comparisons().get(0).verdict()).isEqualTo("not yet known");
        assertThat(report.winner()).isNull();
        assertThat(report.decided()).isFalse();
        assertThat(report.decision()).isEqualTo("Not enough data yet: keep it running.");
    }

    /** {@code assigned} incidents of {@code arm}, all counted: the first {@code repaired} repaired, the first {@code optedOut} opted out. */
    private static void add(List<ExperimentStore.Outcome> outcomes, String arm, int assigned, int repaired, int optedOut) {
        for (int i = 0; i < assigned; i++) {
            Instant at = START.plusSeconds(i);
            outcomes.add(new ExperimentStore.Outcome(arm, at, i < repaired ? at.plus(Duration.ofDays(1)) : null,
                    i < optedOut ? at.plus(Duration.ofHours(2)) : null));
        }
    }

    private static Experiment.Arm arm(String name, boolean holdout) {
        return new Experiment.Arm(name, 1, holdout, null, List.of(), List.of());
    }
}
