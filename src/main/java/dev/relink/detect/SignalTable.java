package dev.relink.detect;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.snakeyaml.engine.v2.nodes.MappingNode;
import org.snakeyaml.engine.v2.nodes.Node;
import org.snakeyaml.engine.v2.nodes.NodeTuple;
import org.snakeyaml.engine.v2.nodes.ScalarNode;
import org.snakeyaml.engine.v2.nodes.SequenceNode;
import org.springframework.stereotype.Component;

import dev.relink.checks.Problem;
import dev.relink.checks.TemplatesInForce;
import dev.relink.checks.YamlFile;
import dev.relink.incident.Signal;

/**
 * The signal table, {@code signals.yaml} in {@code relink.templates-dir}: which Belvo signal means the
 * user must act, and the incident reason it opens, for each source: a webhook (type and code), an
 * error the app reports (Belvo's error code) and a link status (the poll's listing, which asks Belvo
 * only for the statuses listed here). {@code ignore}, or leaving a signal out, means nobody is
 * prompted; a code listed {@code transient} (the bank's or Belvo's failure) must be {@code ignore} wherever it appears. Checked with the templates ({@link #check}: {@code relink validate}, start-up, each edit;
 * each mistake at its own line, through {@link YamlFile}),
 * and read from the templates in force, so an edit that passed applies without a restart.
 */
@Component
public class SignalTable {

    /** The file's name in the templates folder. */
    public static final String FILE = "signals.yaml";
    static final String IGNORE = "ignore";
    static final String WEBHOOKS = "webhooks";
    static final String ERRORS = "errors";
    static final String STATUSES = "statuses";
    static final String TRANSIENT = "transient";
    /** Belvo's webhook type for OFDA consents: its codes open consent incidents (routes/consent.yaml), nothing else. */
    static final String CONSENT = "CONSENT";

    /** What the file says, source by source: webhooks by type then code, errors by code, statuses by status. */
    record Entries(Map<String, Map<String, String>> webhooks, Map<String, String> errors, Map<String, String> statuses) {
    }

    private record Loaded(Path dir, Entries entries) {
    }

    private final TemplatesInForce templates;
    private volatile Loaded loaded;

    SignalTable(TemplatesInForce templates) {
        this.templates = templates;
    }

    /** The reason a webhook opens, or null when the user need not act. */
    public String forWebhook(String type, String code) {
        return reason(entries().webhooks().getOrDefault(type, Map.of()).get(code));
    }

    /** The reason a Belvo error code the app reports opens, or null when the user need not act. */
    public String forError(String code) {
        return reason(entries().errors().get(code));
    }

    /** The reason a link status opens, or null when the user need not act. */
    public String forStatus(String status) {
        return reason(entries().statuses().get(status));
    }

    /** The error codes that open an incident, in the file's order (for the answer to one that does not). */
    public List<String> actionableErrors() {
        return actionable(entries().errors());
    }

    /** The link statuses that open an incident: the statuses the poll lists. */
    public List<String> pollStatuses() {
        return actionable(entries().statuses());
    }

    private static List<String> actionable(Map<String, String> entries) {
        return entries.entrySet().stream().filter(entry -> !IGNORE.equals(entry.getValue())).map(Map.Entry::getKey).toList();
    }

    private static String reason(String entry) {
        return entry == null || IGNORE.equals(entry) ? null : entry;
    }

    /** The table of the templates in force; read again after the watcher applied an edit. */
    private Entries entries() {
        Path dir = templates.dir();
        Loaded now = loaded;
        if (now == null || !now.dir().equals(dir)) {
            List<Problem> problems = new ArrayList<>();
            Entries entries = read(dir.resolve(FILE), problems);
            if (!problems.isEmpty()) {
                throw new IllegalStateException("The signal table did not pass its checks: " + problems);
            }
            now = new Loaded(dir, entries);
            loaded = now;
        }
        return now.entries();
    }

    /** Every problem of the signal table in {@code templatesDir}; empty when it may be used. */
    public static List<Problem> check(Path templatesDir) {
        List<Problem> problems = new ArrayList<>();
        read(templatesDir.resolve(FILE), problems);
        return problems;
    }

    private static Entries read(Path file, List<Problem> problems) {
        Entries entries = new Entries(new LinkedHashMap<>(), new LinkedHashMap<>(), new LinkedHashMap<>());
        Set<String> transientCodes = new HashSet<>();
        String text;
        try {
            text = Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            problems.add(Problem.inFile(file, "signal table not found or unreadable (" + FILE
                    + " in relink.templates-dir): it says which Belvo signal means the user must act"));
            return entries;
        }
        YamlFile yaml = YamlFile.parse(file, text, problems);
        if (yaml == null) {
            return entries;
        }
        for (NodeTuple source : mapping(yaml, yaml.root(), "the signal table must map sources (" + WEBHOOKS + ", " + ERRORS
                + ", " + STATUSES + ") to their entries", problems)) {
            String name = scalar(source.getKeyNode());
            switch (name) {
                case WEBHOOKS -> {
                    for (NodeTuple type : mapping(yaml, source.getValueNode(),
                            "webhooks must map a webhook type (LINK, ...) to its codes", problems)) {
                        Map<String, String> codes = new LinkedHashMap<>();
                        reasons(yaml, type.getValueNode(), "webhook type " + scalar(type.getKeyNode()),
                                CONSENT.equals(scalar(type.getKeyNode())) ? Signal.CONSENT_REASONS : Signal.REASONS,
                                codes, problems);
                        entries.webhooks().put(scalar(type.getKeyNode()), Collections.unmodifiableMap(codes));
                    }
                }
                case ERRORS -> reasons(yaml, source.getValueNode(), ERRORS, Signal.REASONS, entries.errors(), problems);
                case STATUSES -> reasons(yaml, source.getValueNode(), STATUSES, Signal.REASONS, entries.statuses(),
                        problems);
                case TRANSIENT -> codes(yaml, source.getValueNode(), transientCodes, problems);
                default -> problems.add(yaml.at(source.getKeyNode(), "unknown source '" + name + "': the signal table has "
                        + WEBHOOKS + " (Belvo's webhooks), " + ERRORS + " (errors the app reports), " + STATUSES
                        + " (link statuses the poll lists) and " + TRANSIENT + " (codes that are never a prompt)"));
            }
        }
        neverAPrompt(yaml, transientCodes, problems);
        if (problems.isEmpty() && actionable(entries.statuses()).isEmpty()) {
            problems.add(Problem.inFile(file, STATUSES + " must name at least one link status that opens an incident:"
                    + " the poll lists only those (an empty filter would list every link)"));
        }
        return entries;
    }

    /** The {@code transient} list: Belvo codes of a failure on the bank's or Belvo's side. */
    private static void codes(YamlFile file, Node node, Set<String> into, List<Problem> problems) {
        if (!(node instanceof SequenceNode list)) {
            problems.add(file.at(node, TRANSIENT + " must list Belvo codes, e.g. [institution_down, request_timeout]"));
            return;
        }
        list.getValue().forEach(code -> into.add(scalar(code)));
    }

    /** A code the table calls transient opens no incident from any source: its entry must be ignore. */
    private static void neverAPrompt(YamlFile file, Set<String> transientCodes, List<Problem> problems) {
        if (!(file.root() instanceof MappingNode root)) {
            return;
        }
        for (NodeTuple source : root.getValue()) {
            String name = scalar(source.getKeyNode());
            List<NodeTuple> entries = new ArrayList<>();
            if (ERRORS.equals(name) && source.getValueNode() instanceof MappingNode errors) {
                entries.addAll(errors.getValue());
            } else if (WEBHOOKS.equals(name) && source.getValueNode() instanceof MappingNode types) {
                types.getValue().stream().filter(type -> type.getValueNode() instanceof MappingNode)
                        .forEach(type -> entries.addAll(((MappingNode) type.getValueNode()).getValue()));
            }
            for (NodeTuple entry : entries) {
                String code = scalar(entry.getKeyNode());
                if (transientCodes.contains(code) && !IGNORE.equals(scalar(entry.getValueNode()))) {
                    problems.add(file.at(entry.getValueNode(), "'" + code + "' is listed as " + TRANSIENT
                            + ": a failure on the bank's or Belvo's side, which the user cannot fix; it must be "
                            + IGNORE + ", never a reason to prompt"));
                }
            }
        }
    }

    /** Entries {@code signal: reason}; each reason must be one of {@code allowed} (what Relink prompts for there), or ignore. */
    private static void reasons(YamlFile file, Node node, String source, List<String> allowed, Map<String, String> into,
            List<Problem> problems) {
        for (NodeTuple entry : mapping(file, node, source + " must map each signal to a reason or " + IGNORE, problems)) {
            String signal = scalar(entry.getKeyNode());
            String reason = scalar(entry.getValueNode());
            if (reason == null || !(IGNORE.equals(reason) || allowed.contains(reason))) {
                problems.add(file.at(entry.getValueNode(), "unknown reason '" + reason + "' for " + source + " '" + signal
                        + "': use one of " + allowed + " or " + IGNORE));
            } else if (into.putIfAbsent(signal, reason) != null) {
                problems.add(file.at(entry.getKeyNode(), source + " '" + signal + "' is listed twice"));
            }
        }
    }

    private static List<NodeTuple> mapping(YamlFile file, Node node, String expected, List<Problem> problems) {
        if (node instanceof MappingNode mapping) {
            return mapping.getValue();
        }
        problems.add(file.at(node, expected));
        return List.of();
    }

    private static String scalar(Node node) {
        return node instanceof ScalarNode scalar ? scalar.getValue() : null;
    }
}
