package dev.relink.routes;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import com.networknt.schema.JsonMetaSchema;
import com.networknt.schema.JsonNodePath;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.NonValidationKeyword;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import org.apache.camel.dsl.yaml.YamlRoutesBuilderLoader;
import org.snakeyaml.engine.v2.nodes.MappingNode;
import org.snakeyaml.engine.v2.nodes.Node;
import org.snakeyaml.engine.v2.nodes.NodeTuple;
import org.snakeyaml.engine.v2.nodes.ScalarNode;
import org.snakeyaml.engine.v2.nodes.SequenceNode;

import dev.relink.checks.Problem;
import dev.relink.checks.YamlFile;

/**
 * A route file against Camel's YAML DSL schema, the one {@code camel-yaml-dsl} ships
 * ({@code schema/camelYamlDsl.json}, the schema editors use): unknown keys and unknown steps are
 * reported at the line of the offending key. One problem per top-level item (the deepest unknown key
 * the schema finds), so a typo does not come back as a page of "must be valid to one of" lines.
 */
final class SchemaCheck {

    private static final String SCHEMA = "schema/camelYamlDsl.json";
    private static final YAMLMapper YAML = new YAMLMapper();

    private static volatile JsonSchema schema;

    private SchemaCheck() {
    }

    static void check(YamlFile file, List<Problem> problems) {
        JsonNode document;
        try {
            document = YAML.readTree(file.text());
        } catch (IOException e) {
            problems.add(Problem.inFile(file.path(), "YAML syntax: " + e.getMessage()));
            return;
        }
        if (document == null || document.isMissingNode() || document.isNull()) {
            return;
        }
        Set<ValidationMessage> messages = schema().validate(document);
        Map<Object, ValidationMessage> perItem = new LinkedHashMap<>();
        messages.stream().filter(message -> "additionalProperties".equals(message.getType()) && message.getProperty() != null)
                .sorted(Comparator.comparingInt(SchemaCheck::depth).reversed())
                .forEach(message -> perItem.putIfAbsent(item(message.getInstanceLocation()), message));
        for (ValidationMessage message : perItem.values()) {
            Node node = locate(file.root(), message.getInstanceLocation());
            node = YamlFile.entry(node, message.getProperty()).map(NodeTuple::getKeyNode).orElse(node);
            problems.add(file.at(node, "unknown key '" + message.getProperty() + "' in "
                    + describe(message.getInstanceLocation()) + " (Camel YAML DSL schema)"));
        }
    }

    private static int depth(ValidationMessage message) {
        return message.getInstanceLocation().getNameCount();
    }

    private static Object item(JsonNodePath path) {
        return path.getNameCount() == 0 ? "" : path.getElement(0);
    }

    private static String describe(JsonNodePath path) {
        for (int i = path.getNameCount() - 1; i >= 0; i--) {
            if (path.getElement(i) instanceof String name) {
                return "'" + name + "'";
            }
        }
        return "the file";
    }

    /** The YAML node at a schema instance location ({@code $[0].route.from.steps[2]}). */
    private static Node locate(Node root, JsonNodePath path) {
        Node node = root;
        for (int i = 0; i < path.getNameCount() && node != null; i++) {
            Object element = path.getElement(i);
            if (element instanceof Integer index && node instanceof SequenceNode sequence) {
                node = index < sequence.getValue().size() ? sequence.getValue().get(index) : node;
            } else if (element instanceof String key && node instanceof MappingNode) {
                node = YamlFile.entry(node, key).map(NodeTuple::getValueNode).orElse(node);
            } else if (!(node instanceof ScalarNode)) {
                return node;
            }
        }
        return node;
    }

    private static JsonSchema schema() {
        if (schema == null) {
            synchronized (SchemaCheck.class) {
                if (schema == null) {
                    try (InputStream in = YamlRoutesBuilderLoader.class.getClassLoader().getResourceAsStream(SCHEMA)) {
                        if (in == null) {
                            throw new IllegalStateException(SCHEMA + " is not on the class path (camel-yaml-dsl)");
                        }
                        // the schema marks deprecated options, a keyword draft 4 does not define: no check, no warning
                        JsonMetaSchema meta = JsonMetaSchema.builder(JsonMetaSchema.getV4())
                                .keyword(new NonValidationKeyword("deprecated")).build();
                        schema = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V4, factory -> factory.metaSchema(meta))
                                .getSchema(in);
                    } catch (IOException e) {
                        throw new UncheckedIOException(e);
                    }
                }
            }
        }
        return schema;
    }
}
