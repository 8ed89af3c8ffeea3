package dev.relink.checks;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.BiConsumer;

import org.snakeyaml.engine.v2.api.LoadSettings;
import org.snakeyaml.engine.v2.composer.Composer;
import org.snakeyaml.engine.v2.exceptions.Mark;
import org.snakeyaml.engine.v2.exceptions.MarkedYamlEngineException;
import org.snakeyaml.engine.v2.exceptions.YamlEngineException;
import org.snakeyaml.engine.v2.nodes.MappingNode;
import org.snakeyaml.engine.v2.nodes.Node;
import org.snakeyaml.engine.v2.nodes.NodeTuple;
import org.snakeyaml.engine.v2.nodes.ScalarNode;
import org.snakeyaml.engine.v2.nodes.SequenceNode;
import org.snakeyaml.engine.v2.parser.ParserImpl;
import org.snakeyaml.engine.v2.scanner.StreamReader;

/**
 * A YAML file ops edit ({@code routes/*.yaml}, {@code templates/signals.yaml}, and the files later
 * ones add) as written: its text and its node tree, with the line and column of every key and value,
 * parsed by snakeyaml-engine, the parser camel-yaml-dsl itself uses. Each mistake is reported at the
 * node it is about ({@link #at(Node, String)}), so ops read the line to fix, not the file's or the
 * route's first one; {@code routes.Expressions} does the same for the expressions such a file holds.
 */
public record YamlFile(Path path, String text, Node root) {

    /** Reads and parses the file; a YAML syntax error becomes a problem at the line the parser stopped. */
    public static YamlFile read(Path path, List<Problem> problems) {
        String text;
        try {
            text = Files.readString(path, StandardCharsets.UTF_8);
        } catch (IOException e) {
            problems.add(Problem.inFile(path, "cannot read the file: " + e.getMessage()));
            return null;
        }
        return parse(path, text, problems);
    }

    /** Parses {@code text} as the content of {@code path}; a YAML syntax error becomes a problem. */
    public static YamlFile parse(Path path, String text, List<Problem> problems) {
        LoadSettings settings = LoadSettings.builder().setLabel(path.toString()).build();
        try {
            Composer composer = new Composer(settings, new ParserImpl(settings, new StreamReader(settings, text)));
            Optional<Node> root = composer.getSingleNode();
            return new YamlFile(path, text, root.orElse(null));
        } catch (MarkedYamlEngineException e) {
            Mark mark = e.getProblemMark().or(e::getContextMark).orElse(null);
            problems.add(at(path, mark, "YAML syntax: " + e.getProblem()
                    + (e.getContext() == null ? "" : " (" + e.getContext() + ")")));
            return null;
        } catch (YamlEngineException e) {
            problems.add(Problem.inFile(path, "YAML syntax: " + e.getMessage()));
            return null;
        }
    }

    public static Problem at(Path path, Mark mark, String message) {
        return mark == null ? Problem.inFile(path, message) : new Problem(path, mark.getLine() + 1, mark.getColumn() + 1, message);
    }

    /** The problem at {@code node}'s line and column (the whole file when there is no node). */
    public Problem at(Node node, String message) {
        return at(path, node == null ? null : node.getStartMark().orElse(null), message);
    }

    /** The top-level items ({@code - route:}, {@code - routeConfiguration:}, ...) as (kind key, body). */
    public List<NodeTuple> items() {
        List<NodeTuple> items = new ArrayList<>();
        if (root instanceof SequenceNode sequence) {
            for (Node item : sequence.getValue()) {
                if (item instanceof MappingNode mapping) {
                    items.addAll(mapping.getValue());
                }
            }
        }
        return items;
    }

    public static Optional<NodeTuple> entry(Node mapping, String key) {
        if (mapping instanceof MappingNode map) {
            for (NodeTuple tuple : map.getValue()) {
                if (tuple.getKeyNode() instanceof ScalarNode name && name.getValue().equals(key)) {
                    return Optional.of(tuple);
                }
            }
        }
        return Optional.empty();
    }

    public static Optional<String> scalar(Node mapping, String key) {
        return entry(mapping, key).map(NodeTuple::getValueNode)
                .filter(ScalarNode.class::isInstance).map(node -> ((ScalarNode) node).getValue());
    }

    /**
     * The first key named {@code key} in the YAML that starts at {@code line} (1-based), searched
     * depth first: where a step's problem really is ({@code method:} of a {@code - bean:} step).
     */
    public Optional<Node> keyAt(int line, String key) {
        return startingAt(root, line - 1).flatMap(node -> firstKey(node, key));
    }

    private static Optional<Node> startingAt(Node node, int line) {
        if (node == null || node.getStartMark().map(Mark::getLine).orElse(-1) > line
                || node.getEndMark().map(Mark::getLine).orElse(Integer.MAX_VALUE) < line) {
            return Optional.empty();
        }
        if (node instanceof MappingNode && node.getStartMark().map(Mark::getLine).orElse(-1) == line) {
            return Optional.of(node);
        }
        return children(node).stream().map(child -> startingAt(child, line)).flatMap(Optional::stream).findFirst();
    }

    private static Optional<Node> firstKey(Node node, String key) {
        Optional<Node> here = entry(node, key).map(NodeTuple::getKeyNode);
        return here.isPresent() ? here
                : children(node).stream().map(child -> firstKey(child, key)).flatMap(Optional::stream).findFirst();
    }

    /** The nodes right below: a mapping's values, a list's items. */
    private static List<Node> children(Node node) {
        if (node instanceof MappingNode mapping) {
            return mapping.getValue().stream().map(NodeTuple::getValueNode).toList();
        }
        return node instanceof SequenceNode sequence ? sequence.getValue() : List.of();
    }

    /** Every scalar value in the file with the key it belongs to (null inside lists). */
    public void eachScalar(BiConsumer<String, ScalarNode> visitor) {
        walk(root, null, visitor);
    }

    /** Every scalar value under {@code node} with the key it belongs to (null inside lists). */
    public static void eachScalar(Node node, BiConsumer<String, ScalarNode> visitor) {
        walk(node, null, visitor);
    }

    private static void walk(Node node, String key, BiConsumer<String, ScalarNode> visitor) {
        if (node instanceof ScalarNode scalar) {
            visitor.accept(key, scalar);
        } else if (node instanceof SequenceNode sequence) {
            sequence.getValue().forEach(item -> walk(item, key, visitor));
        } else if (node instanceof MappingNode mapping) {
            for (NodeTuple tuple : mapping.getValue()) {
                String name = tuple.getKeyNode() instanceof ScalarNode scalar ? scalar.getValue() : null;
                walk(tuple.getValueNode(), name, visitor);
            }
        }
    }
}
