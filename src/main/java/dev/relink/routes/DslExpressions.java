package dev.relink.routes;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.apache.camel.model.ProcessorDefinition;
import org.apache.camel.util.json.DeserializationException;
import org.apache.camel.util.json.JsonArray;
import org.apache.camel.util.json.JsonObject;
import org.apache.camel.util.json.Jsoner;
import org.snakeyaml.engine.v2.nodes.MappingNode;
import org.snakeyaml.engine.v2.nodes.Node;
import org.snakeyaml.engine.v2.nodes.NodeTuple;
import org.snakeyaml.engine.v2.nodes.ScalarNode;
import org.snakeyaml.engine.v2.nodes.SequenceNode;

import dev.relink.checks.Problem;
import dev.relink.checks.YamlFile;

/**
 * The expressions of a Camel YAML route file, found in the YAML as written so that each is reported
 * at its own key ({@code - simple: ...} deep in a {@code choice}, not the route's first line), and
 * compiled by {@link Expressions}. Which option of which step holds an expression, and whether it is a
 * predicate, is Camel's word: the model catalog camel-core-model ships
 * ({@code META-INF/org/apache/camel/model/<step>.json}, what Camel's tooling reads), so a step Camel
 * adds is covered without a list here.
 */
final class DslExpressions {

    private static final String CATALOG = "META-INF/org/apache/camel/model/";
    private static final Pattern MODEL_TYPE = Pattern.compile("org\\.apache\\.camel\\.model\\.(\\w+)Definition");
    private static final Map<String, Optional<JsonObject>> MODELS = new ConcurrentHashMap<>();
    /** Options Camel compiles as Simple though its catalog calls them plain text: a toD's uri, a log's message. */
    private static final Map<String, String> SIMPLE_TEXT = Map.of("toD", "uri", "log", "message");
    private static final Step NONE = new Step("", new JsonObject());
    /** The languages an expression option takes, as the catalog lists them (simple, constant, header, jsonpath, ...). */
    private static final Set<String> LANGUAGES = Set.copyOf(Step.named("filter").orElseThrow().option("expression")
            .map(option -> (JsonArray) option.get("oneOf")).orElseThrow().stream().map(String::valueOf).toList());

    private final YamlFile file;
    private final Expressions expressions;
    private final List<Problem> problems;
    private String where;

    private DslExpressions(YamlFile file, Expressions expressions, List<Problem> problems) {
        this.file = file;
        this.expressions = expressions;
        this.problems = problems;
    }

    /** Every expression of the file's routes and policies, each that does not compile at its line. */
    static void check(YamlFile file, Expressions expressions, List<Problem> problems) {
        DslExpressions walk = new DslExpressions(file, expressions, problems);
        for (NodeTuple item : file.items()) {
            String kind = name(item.getKeyNode());
            walk.where = kind + YamlFile.scalar(item.getValueNode(), "id").map(id -> " " + id).orElse("");
            walk.step(item.getValueNode(), Step.named(kind).orElse(NONE));
        }
    }

    /** A step's options ({@code node} a mapping, or a list of them as under {@code when:}), read as {@code step} defines them. */
    private void step(Node node, Step step) {
        if (node instanceof SequenceNode list) {
            list.getValue().forEach(item -> step(item, step));
            return;
        }
        if (!(node instanceof MappingNode mapping)) {
            return;
        }
        for (NodeTuple tuple : mapping.getValue()) {
            String key = name(tuple.getKeyNode());
            Optional<JsonObject> option = step.option(key);
            if (LANGUAGES.contains(key) && step.option("expression").filter(DslExpressions::isExpression).isPresent()) {
                language(tuple, step.predicate("expression", mapping));
            } else if (option.filter(DslExpressions::isExpression).isPresent()) {
                holder(tuple.getValueNode(), step.predicate(key, mapping)); // expression: {...}, completionPredicate: {...}
            } else if (step.name().equals("bean") && key.equals("method") && tuple.getValueNode() instanceof ScalarNode method) {
                expressions.checkMethod(file, tuple.getKeyNode(), where, method.getValue(), problems);
            } else if ((SIMPLE_TEXT.containsKey(key) || key.equals(SIMPLE_TEXT.get(step.name())))
                    && tuple.getValueNode() instanceof ScalarNode text) {
                simpleText(tuple.getKeyNode(), text.getValue()); // - toD: "...", or uri: "..." of a toD
            } else {
                step(tuple.getValueNode(), Step.named(key).or(() -> option.flatMap(Step::ofType)).orElse(NONE));
            }
        }
    }

    /** A toD's uri may name its language first: {@code language:constant:...}. */
    private void simpleText(Node key, String text) {
        String[] named = text.startsWith("language:") ? text.split(":", 3) : new String[] {"", "simple", text};
        if (named.length == 3) {
            expressions.check(file, key, where, named[1], named[2], false, problems);
        }
    }

    /** The value of an expression option: a language key, or {@code expression:} around one. */
    private void holder(Node node, boolean predicate) {
        if (node instanceof MappingNode mapping) {
            for (NodeTuple tuple : mapping.getValue()) {
                String key = name(tuple.getKeyNode());
                if (LANGUAGES.contains(key)) {
                    language(tuple, predicate);
                } else if (key.equals("expression")) {
                    holder(tuple.getValueNode(), predicate);
                }
            }
        }
    }

    /**
     * {@code simple: "..."}, {@code simple: {expression: "...", resultType: ...}},
     * {@code language: {language: ..., expression: ...}}, or a bean's {@code method: {ref: ..., method: ...}}.
     */
    private void language(NodeTuple tuple, boolean predicate) {
        String language = name(tuple.getKeyNode());
        Node value = tuple.getValueNode();
        if (language.equals("method")) {
            YamlFile.entry(value, "method").filter(method -> method.getValueNode() instanceof ScalarNode).ifPresent(method ->
                    expressions.checkMethod(file, method.getKeyNode(), where, name(method.getValueNode()), problems));
            return;
        }
        Optional<String> text = value instanceof ScalarNode scalar ? Optional.of(scalar.getValue()) : YamlFile.scalar(value, "expression");
        if (language.equals("language")) {
            language = YamlFile.scalar(value, "language").orElse(language);
        }
        String compiledBy = language;
        text.ifPresent(expression -> expressions.check(file, tuple.getKeyNode(), where, compiledBy, expression, predicate, problems));
    }

    private static boolean isExpression(JsonObject option) {
        return "expression".equals(option.get("kind"));
    }

    private static String name(Node node) {
        return node instanceof ScalarNode scalar ? scalar.getValue() : "";
    }

    /** One step (or option type) as Camel's model catalog describes it. */
    private record Step(String name, JsonObject properties) {

        static Optional<Step> named(String name) {
            return MODELS.computeIfAbsent(name, Step::read).map(json -> new Step(name, (JsonObject) json.get("properties")));
        }

        /** The step an option holds, from its Java type ({@code List<SetHeaderDefinition>}: setHeader). */
        static Optional<Step> ofType(JsonObject option) {
            Matcher type = MODEL_TYPE.matcher(String.valueOf(option.get("javaType")));
            String name = null;
            while (type.find()) {
                name = type.group(1);
            }
            return name == null ? Optional.empty() : named(Character.toLowerCase(name.charAt(0)) + name.substring(1));
        }

        Optional<JsonObject> option(String key) {
            return Optional.ofNullable((JsonObject) properties.get(key));
        }

        /** Whether Camel compiles the option as a predicate ({@code loop} does with {@code doWhile: true}). */
        boolean predicate(String key, MappingNode step) {
            return option(key).map(option -> Boolean.TRUE.equals(option.get("asPredicate"))).orElse(false)
                    || name.equals("loop") && YamlFile.scalar(step, "doWhile").filter("true"::equalsIgnoreCase).isPresent();
        }

        private static Optional<JsonObject> read(String name) {
            if (!name.matches("[a-zA-Z]+")) {
                return Optional.empty();
            }
            try (InputStream in = ProcessorDefinition.class.getClassLoader().getResourceAsStream(CATALOG + name + ".json")) {
                if (in == null) {
                    return Optional.empty();
                }
                JsonObject json = (JsonObject) Jsoner.deserialize(new String(in.readAllBytes(), StandardCharsets.UTF_8));
                return Optional.of(json).filter(model -> model.get("properties") instanceof JsonObject);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            } catch (DeserializationException e) {
                throw new IllegalStateException("Camel's model catalog entry " + name + " does not parse", e);
            }
        }
    }
}
