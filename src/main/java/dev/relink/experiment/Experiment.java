package dev.relink.experiment;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * One experiment of {@code experiments.yaml}: who enters it (incidents of {@code reasons}, every reason
 * when empty), while it is {@code running}, and its arms. The arm named {@value #CONTROL} is the ladder
 * as configured; an arm is assigned by the hash of (experiment, external id) ({@link ArmHash}).
 */
record Experiment(String id, String status, Set<String> reasons, List<Arm> arms) {

    static final String CONTROL = "control";
    static final String DRAFT = "draft";
    static final String RUNNING = "running";
    static final String ENDED = "ended";
    static final List<String> STATUSES = List.of(DRAFT, RUNNING, ENDED);

    /**
     * One arm: its share of people ({@code weight} among the arms' total) and what it changes: the
     * template variant, the channel order, the ladder's steps; a holdout arm is never prompted.
     * Empty lists and a null variant keep the configured ladder.
     */
    record Arm(String name, int weight, boolean holdout, String variant, List<String> channels, List<Duration> steps) {
    }

    boolean running() {
        return RUNNING.equals(status);
    }

    boolean covers(String reason) {
        return reasons.isEmpty() || reasons.contains(reason);
    }

    Optional<Arm> arm(String name) {
        return arms.stream().filter(arm -> arm.name().equals(name)).findFirst();
    }
}
