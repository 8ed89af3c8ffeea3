package dev.relink.experiment;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

import dev.relink.checks.Problem;
import dev.relink.checks.TemplatesInForce;

/**
 * The experiments in force, from {@code relink.experiments-file}, and the arm of each incident. The
 * file is read again when it changes (also when it is a ConfigMap's symbolic link the kubelet swaps);
 * an edit that does not pass its checks is refused, logged, and the previous version stays.
 *
 * <p>An incident enters the first running experiment that covers its reason when its ladder plans its
 * first step (step 0) and its person is known (the external id): the arm follows from (experiment, external id)
 * ({@link ArmHash}), and the assignment is recorded once. From then on the incident is treated as its
 * arm says while the experiment runs; once it ends (or leaves the file), as configured.
 */
@Component
public class Experiments {

    private static final Logger LOG = LoggerFactory.getLogger(Experiments.class);

    /** The file as last read: what identifies that version on disk, and its experiments. */
    private record Loaded(String version, List<Experiment> experiments) {
    }

    private final Path file;
    private final TemplatesInForce templates;
    private final ExperimentStore store;
    private final Clock clock;
    private volatile Loaded loaded = new Loaded(null, List.of());

    Experiments(@Value("${relink.experiments-file:./experiments.yaml}") Path file, TemplatesInForce templates,
            ExperimentStore store, Clock clock) {
        this.file = file;
        this.templates = templates;
        this.store = store;
        this.clock = clock;
    }

    /**
     * The incident's treatment at ladder step {@code step}, assigning it to an arm if it has none yet, the
     * step is its first (0) and a running experiment covers its reason. Called in the ladder's
     * transaction, so the assignment commits with the step. An incident whose ladder was under way when
     * the experiment began stays out of it: it was prompted as configured, and an arm that took over its
     * later steps would count a repair the configured prompts began.
     */
    public Treatment treatment(String incidentId, String externalId, String reason, int step) {
        if (noneRunning()) {
            return Treatment.NONE; // the usual case: no query on the ladder's path
        }
        Optional<ExperimentStore.Assigned> assigned = store.assignmentOf(incidentId);
        if (assigned.isPresent()) {
            return treatmentOf(assigned.get());
        }
        if (step > 0) {
            return Treatment.NONE;
        }
        if (externalId == null) {
            return Treatment.NONE; // nobody to hash: assigned once Belvo or the signals name the person (still at step 0)
        }
        Optional<Experiment> entered = experiments().stream()
                .filter(experiment -> experiment.running() && experiment.covers(reason)).findFirst();
        if (entered.isEmpty()) {
            return Treatment.NONE;
        }
        Experiment experiment = entered.get();
        Experiment.Arm arm = ArmHash.arm(experiment, externalId);
        store.assign(experiment.id(), incidentId, arm.name(), clock.instant());
        return store.assignmentOf(incidentId).map(this::treatmentOf).orElse(Treatment.NONE);
    }

    /** The treatment of an incident already assigned, without assigning it. */
    public Treatment assigned(String incidentId) {
        if (noneRunning()) {
            return Treatment.NONE;
        }
        return store.assignmentOf(incidentId).map(this::treatmentOf).orElse(Treatment.NONE);
    }

    /** No experiment runs: every incident gets the configured ladder (an ended one's too). */
    private boolean noneRunning() {
        return experiments().stream().noneMatch(Experiment::running);
    }

    private Treatment treatmentOf(ExperimentStore.Assigned assigned) {
        return find(assigned.experiment()).filter(Experiment::running)
                .flatMap(experiment -> experiment.arm(assigned.arm()).map(arm -> Treatment.of(experiment, arm, assigned.at())))
                .orElse(Treatment.NONE);
    }

    Optional<Experiment> find(String id) {
        return experiments().stream().filter(experiment -> experiment.id().equals(id)).findFirst();
    }

    /** The experiments of the file in force, read again if it changed since. */
    List<Experiment> experiments() {
        String version = version();
        Loaded now = loaded;
        if (Objects.equals(version, now.version())) {
            return now.experiments();
        }
        synchronized (this) {
            if (!Objects.equals(version, loaded.version())) {
                List<Problem> problems = new ArrayList<>();
                List<Experiment> experiments = ExperimentsFile.read(file, templates.dir(), problems);
                if (problems.isEmpty()) {
                    loaded = new Loaded(version, experiments);
                } else {
                    // refused: the version stays as it was, and this edit is not read (nor logged) again
                    LOG.error("{} was edited but does not pass its checks; the experiments stay as they were:\n{}", file,
                            String.join("\n", problems.stream().map(Problem::toString).toList()));
                    loaded = new Loaded(version, loaded.experiments());
                }
            }
            return loaded.experiments();
        }
    }

    /** The file's real path, time and size: a ConfigMap update changes the link's target. */
    private String version() {
        try {
            Path real = file.toRealPath();
            FileTime modified = Files.getLastModifiedTime(real);
            return real + "@" + modified.toMillis() + "/" + Files.size(real);
        } catch (IOException absent) {
            return "absent";
        }
    }
}
