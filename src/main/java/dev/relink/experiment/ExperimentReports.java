package dev.relink.experiment;

import java.time.Clock;
import java.util.List;
import java.util.Optional;

import org.springframework.stereotype.Component;

/** The report of each experiment in the file, as of now: for the API and the ops console. */
@Component
public class ExperimentReports {

    private final Experiments experiments;
    private final ExperimentStore store;
    private final ExperimentSettings settings;
    private final Clock clock;

    ExperimentReports(Experiments experiments, ExperimentStore store, ExperimentSettings settings, Clock clock) {
        this.experiments = experiments;
        this.store = store;
        this.settings = settings;
        this.clock = clock;
    }

    /** Every experiment of the file, in its order. */
    public List<ExperimentReport> all() {
        return experiments.experiments().stream().map(this::report).toList();
    }

    public Optional<ExperimentReport> report(String id) {
        return experiments.find(id).map(this::report);
    }

    private ExperimentReport report(Experiment experiment) {
        return ExperimentReport.of(experiment, store.outcomes(experiment.id()), settings, clock.instant());
    }
}
