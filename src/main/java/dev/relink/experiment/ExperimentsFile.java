package dev.relink.experiment;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;

import org.snakeyaml.engine.v2.nodes.MappingNode;
import org.snakeyaml.engine.v2.nodes.Node;
import org.snakeyaml.engine.v2.nodes.NodeTuple;
import org.snakeyaml.engine.v2.nodes.ScalarNode;
import org.snakeyaml.engine.v2.nodes.SequenceNode;
import org.springframework.boot.convert.DurationStyle;

import dev.relink.channel.Channels;
import dev.relink.checks.Problem;
import dev.relink.checks.YamlFile;
import dev.relink.incident.IncidentQuery;

/**
 * {@code experiments.yaml} ({@code relink.experiments-file}) read and checked, each mistake at its own
 * line and column ({@link YamlFile}): {@code relink validate}, start-up, and each edit the hub picks up.
 * A missing file means no experiments. Template variants are looked for in {@code relink.templates-dir}:
 * an arm's {@code template: short} needs {@code <reason>/variants/short/} for the reasons it covers.
 */
public final class ExperimentsFile {

    /** The folder of a reason's template variants: {@code templates/<reason>/variants/<variant>/<locale>/}. */
    public static final String VARIANTS = "variants";
    private static final Pattern NAME = Pattern.compile("[a-z0-9][a-z0-9_-]{0,63}");
    private static final Set<String> EXPERIMENT_KEYS = Set.of("id", "status", "reasons", "arms");
    private static final Set<String> ARM_KEYS = Set.of("name", "weight", "holdout", "template", "channels", "steps");

    private final YamlFile yaml;
    private final Path templatesDir;
    private final List<Problem> problems;
    private final Set<String> ids = new HashSet<>();
    /** The running experiment that took each reason first. */
    private final Map<String, String> runningFor = new HashMap<>();

    private ExperimentsFile(YamlFile yaml, Path templatesDir, List<Problem> problems) {
        this.yaml = yaml;
        this.templatesDir = templatesDir;
        this.problems = problems;
    }

    /** Every problem of the experiments file; empty when the hub may run it. */
    public static List<Problem> check(Path file, Path templatesDir) {
        List<Problem> problems = new ArrayList<>();
        read(file, templatesDir, problems);
        return problems;
    }

    /** The experiments the file declares, in its order; {@code problems} gets what is wrong with it. */
    static List<Experiment> read(Path file, Path templatesDir, List<Problem> problems) {
        if (!Files.exists(file)) {
            return List.of();
        }
        YamlFile yaml = YamlFile.read(file, problems);
        if (yaml == null || yaml.root() == null) {
            return List.of();
        }
        List<Problem> found = new ArrayList<>();
        List<Experiment> experiments = new ExperimentsFile(yaml, templatesDir, found).experiments();
        found.sort(Comparator.comparingInt(Problem::line).thenComparingInt(Problem::column)); // top to bottom, as ops read
        problems.addAll(found);
        return experiments;
    }

    private List<Experiment> experiments() {
        List<Experiment> experiments = new ArrayList<>();
        if (!(yaml.root() instanceof MappingNode top)) {
            problems.add(yaml.at(yaml.root(), "the file must have one key, experiments: a list of experiments"));
            return experiments;
        }
        for (NodeTuple entry : top.getValue()) {
            if (!"experiments".equals(text(entry.getKeyNode()))) {
                problems.add(yaml.at(entry.getKeyNode(), "unknown key '" + text(entry.getKeyNode()) + "': the file has experiments only"));
            } else if (entry.getValueNode() instanceof SequenceNode list) {
                list.getValue().forEach(item -> experiment(item).ifPresent(experiments::add));
            } else if (!isNull(entry.getValueNode())) {
                problems.add(yaml.at(entry.getValueNode(), "experiments must be a list (- id: ...)"));
            }
        }
        return experiments;
    }

    private Optional<Experiment> experiment(Node node) {
        if (!(node instanceof MappingNode)) {
            problems.add(yaml.at(node, "an experiment must be a mapping with id, status and arms"));
            return Optional.empty();
        }
        int before = problems.size();
        unknownKeys(node, EXPERIMENT_KEYS, "an experiment");
        String id = name(node, "id", "the experiment");
        if (id != null && !ids.add(id)) {
            problems.add(yaml.at(valueOr(node, "id"), "experiment id '" + id + "' is used twice"));
        }
        String status = YamlFile.scalar(node, "status").orElse(null);
        if (status == null || !Experiment.STATUSES.contains(status)) {
            problems.add(yaml.at(valueOr(node, "status"), "status must be one of " + Experiment.STATUSES
                    + " (draft: nobody is assigned yet; ended: nobody new is)"));
        }
        Set<String> reasons = new LinkedHashSet<>(strings(node, "reasons"));
        for (String reason : reasons) {
            if (!IncidentQuery.REASONS.contains(reason)) {
                problems.add(yaml.at(valueOr(node, "reasons"), "unknown reason '" + reason + "': use " + IncidentQuery.REASONS));
            }
        }
        List<Experiment.Arm> arms = arms(node, reasons);
        if (Experiment.RUNNING.equals(status)) {
            overlap(node, id, reasons);
        }
        return problems.size() == before ? Optional.of(new Experiment(id, status, Set.copyOf(reasons), arms))
                : Optional.empty();
    }

    private List<Experiment.Arm> arms(Node experiment, Set<String> reasons) {
        List<Experiment.Arm> arms = new ArrayList<>();
        Node list = valueOr(experiment, "arms");
        if (!(list instanceof SequenceNode sequence) || sequence.getValue().size() < 2) {
            problems.add(yaml.at(list, "arms must list at least two arms, one of them named " + Experiment.CONTROL));
            return arms;
        }
        Set<String> names = new HashSet<>();
        for (Node node : sequence.getValue()) {
            if (node instanceof MappingNode) {
                unknownKeys(node, ARM_KEYS, "an arm");
                Experiment.Arm arm = arm(node, reasons);
                if (arm.name() != null && !names.add(arm.name())) {
                    problems.add(yaml.at(valueOr(node, "name"), "arm name '" + arm.name() + "' is used twice"));
                }
                arms.add(arm);
            } else {
                problems.add(yaml.at(node, "an arm must be a mapping with a name"));
            }
        }
        long controls = arms.stream().filter(arm -> Experiment.CONTROL.equals(arm.name()) && !arm.holdout()).count();
        if (controls != 1) {
            problems.add(yaml.at(list, "one arm must be named " + Experiment.CONTROL
                    + " (not a holdout): every other arm is compared with it"));
        }
        if (arms.stream().filter(Experiment.Arm::holdout).count() > 1) {
            problems.add(yaml.at(list, "at most one arm may be a holdout"));
        }
        return arms;
    }

    private Experiment.Arm arm(Node node, Set<String> reasons) {
        String name = name(node, "name", "the arm");
        int weight = 1;
        String written = YamlFile.scalar(node, "weight").orElse("1");
        try {
            weight = Integer.parseInt(written);
        } catch (NumberFormatException e) {
            weight = 0;
        }
        if (weight < 1 || weight > 1000) {
            problems.add(yaml.at(valueOr(node, "weight"), "weight must be a whole number from 1 to 1000 (the arm's share"
                    + " is its weight over the arms' total)"));
        }
        boolean holdout = "true".equals(YamlFile.scalar(node, "holdout").orElse("false"));
        String variant = YamlFile.scalar(node, "template").orElse(null);
        List<String> channels = strings(node, "channels");
        List<Duration> steps = steps(node);
        if (holdout && (variant != null || !channels.isEmpty() || !steps.isEmpty())) {
            problems.add(yaml.at(valueOr(node, "holdout"), "a holdout arm is never prompted: template, channels and steps"
                    + " mean nothing there"));
        }
        Set<String> known = Channels.shipped().names();
        for (String channel : channels) {
            if (!known.contains(channel)) {
                problems.add(yaml.at(valueOr(node, "channels"), "unknown channel '" + channel + "' (" + String.join(" or ",
                        new TreeSet<>(known)) + ")"));
            }
        }
        if (variant != null) {
            variant(node, variant, reasons);
        }
        return new Experiment.Arm(name, weight, holdout, variant, channels, steps);
    }

    private void variant(Node arm, String variant, Set<String> reasons) {
        if (!NAME.matcher(variant).matches()) {
            problems.add(yaml.at(valueOr(arm, "template"), "template variant '" + variant + "' must be a folder name"
                    + " (lower case letters, digits, - and _)"));
            return;
        }
        Set<String> covered = reasons.isEmpty() ? Set.copyOf(IncidentQuery.REASONS) : reasons;
        boolean any = false;
        for (String reason : covered) {
            Path reasonDir = templatesDir.resolve(reason);
            if (Files.isDirectory(reasonDir)) {
                boolean here = Files.isDirectory(reasonDir.resolve(VARIANTS).resolve(variant));
                any |= here;
                if (!here && !reasons.isEmpty()) {
                    problems.add(yaml.at(valueOr(arm, "template"), "no template variant " + reason + "/" + VARIANTS + "/"
                            + variant + "/ in " + templatesDir + " (relink.templates-dir)"));
                }
            }
        }
        if (!any && reasons.isEmpty()) {
            problems.add(yaml.at(valueOr(arm, "template"), "no template variant <reason>/" + VARIANTS + "/" + variant
                    + "/ in " + templatesDir + " (relink.templates-dir)"));
        }
    }

    private List<Duration> steps(Node arm) {
        List<Duration> steps = new ArrayList<>();
        for (String written : strings(arm, "steps")) {
            try {
                Duration step = DurationStyle.detectAndParse(written);
                if (!steps.isEmpty() && step.compareTo(steps.get(steps.size() - 1)) <= 0) {
                    problems.add(yaml.at(valueOr(arm, "steps"), "step " + steps.size() + " (" + written + ") is not later"
                            + " than the one before it: each step counts from the first prompt"));
                }
                steps.add(step);
            } catch (IllegalArgumentException e) {
                problems.add(yaml.at(valueOr(arm, "steps"), "step '" + written + "' is not a duration (0s, 12h, 3d)"));
            }
        }
        return steps;
    }

    /** Two running experiments over one reason: an incident would only ever enter the first. */
    private void overlap(Node experiment, String id, Set<String> reasons) {
        for (String reason : reasons.isEmpty() ? IncidentQuery.REASONS : List.copyOf(reasons)) {
            String first = runningFor.putIfAbsent(reason, id);
            if (first != null) {
                problems.add(yaml.at(valueOr(experiment, "status"), "experiments " + first + " and " + id + " both run for "
                        + reason + " incidents: an incident enters one experiment only; give them different reasons or end one"));
                return;
            }
        }
    }

    private String name(Node node, String key, String what) {
        String name = YamlFile.scalar(node, key).orElse(null);
        if (name == null || !NAME.matcher(name).matches()) {
            problems.add(yaml.at(valueOr(node, key), what + " needs a " + key + ": lower case letters, digits, - and _,"
                    + " at most 64"));
        }
        return name;
    }

    private List<String> strings(Node node, String key) {
        Node value = YamlFile.entry(node, key).map(NodeTuple::getValueNode).orElse(null);
        if (value == null || isNull(value)) {
            return List.of();
        }
        if (!(value instanceof SequenceNode list) || !list.getValue().stream().allMatch(ScalarNode.class::isInstance)) {
            problems.add(yaml.at(value, key + " must be a list: [a, b]"));
            return List.of();
        }
        return list.getValue().stream().map(ExperimentsFile::text).toList();
    }

    private void unknownKeys(Node node, Set<String> keys, String what) {
        for (NodeTuple tuple : ((MappingNode) node).getValue()) {
            String key = text(tuple.getKeyNode());
            if (!keys.contains(key)) {
                problems.add(yaml.at(tuple.getKeyNode(), "unknown key '" + key + "' in " + what + " (" + String.join(", ",
                        new TreeSet<>(keys)) + ")"));
            }
        }
    }

    /** The value of {@code key}, or the mapping itself when the key is missing (the problem points there). */
    private static Node valueOr(Node mapping, String key) {
        return YamlFile.entry(mapping, key).map(NodeTuple::getValueNode).orElse(mapping);
    }

    private static boolean isNull(Node node) {
        return node instanceof ScalarNode scalar && (scalar.getValue().isEmpty() || "null".equals(scalar.getValue())
                || "~".equals(scalar.getValue()));
    }

    private static String text(Node node) {
        return node instanceof ScalarNode scalar ? scalar.getValue() : null;
    }
}
