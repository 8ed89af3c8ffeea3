package dev.relink.experiment;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * What the ladder does differently for one incident, because of the experiment arm it is in: never
 * prompt it (a holdout), render another template variant, another channel order, other steps. Outside
 * any running experiment: {@link #NONE}, the ladder as configured.
 */
public record Treatment(String experiment, String arm, boolean holdout, String variant, List<String> channels,
        List<Duration> steps, Instant assignedAt) {

    /** The variant name of the default templates (and what {@code prompt_delivery.template_variant} says then). */
    public static final String DEFAULT_VARIANT = "default";
    public static final Treatment NONE = new Treatment(null, null, false, DEFAULT_VARIANT, List.of(), List.of(), null);

    static Treatment of(Experiment experiment, Experiment.Arm arm, Instant assignedAt) {
        return new Treatment(experiment.id(), arm.name(), arm.holdout(),
                arm.variant() == null ? DEFAULT_VARIANT : arm.variant(), arm.channels(), arm.steps(), assignedAt);
    }

    /** The arm's channel for a step (its last one repeats), if the arm sets a channel order. */
    public Optional<String> channelForStep(int step) {
        return channels.isEmpty() ? Optional.empty() : Optional.of(channels.get(Math.min(step, channels.size() - 1)));
    }

    /** The arm's steps, else {@code configured}. */
    public List<Duration> stepsOr(List<Duration> configured) {
        return steps.isEmpty() ? configured : steps;
    }
}
