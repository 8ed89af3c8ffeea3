package dev.relink.experiment;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * The app's own assignment ({@link ArmHash}) and report ({@link ExperimentReport}) for outcomes a
 * benchmark makes up, without the database in between (bench/run-experiment.sh's repeated runs).
 */
public final class ExperimentLab {

    /** One arm as experiments.yaml declares it. */
    public record ArmSpec(String name, int weight, boolean holdout, String variant) {
    }

    private final Experiment experiment;
    private final List<ExperimentStore.Outcome> outcomes = new ArrayList<>();

    public ExperimentLab(String id, List<ArmSpec> arms) {
        this.experiment = new Experiment(id, Experiment.RUNNING, Set.of(), arms.stream()
                .map(arm -> new Experiment.Arm(arm.name(), arm.weight(), arm.holdout(), arm.variant(), List.of(), List.of()))
                .toList());
    }

    /** The arm the app puts this person in. */
    public ArmSpec assign(String externalId) {
        Experiment.Arm arm = ArmHash.arm(experiment, externalId);
        return new ArmSpec(arm.name(), arm.weight(), arm.holdout(), arm.variant());
    }

    /** One assigned incident: repaired at {@code repairedAt}, or never (null). */
    public void outcome(String arm, Instant assignedAt, Instant repairedAt) {
        outcomes.add(new ExperimentStore.Outcome(arm, assignedAt, repairedAt, null));
    }

    /** The report as {@code GET /api/experiments/{id}} would answer it at {@code now}. */
    public ExperimentReport report(Instant now, Duration window, double confidence, double smallestEffect) {
        return ExperimentReport.of(experiment, outcomes, new ExperimentSettings(window, confidence, smallestEffect), now);
    }
}
