package dev.relink.routes;

import java.util.LinkedHashMap;
import java.util.Map;

import org.snakeyaml.engine.v2.nodes.MappingNode;
import org.snakeyaml.engine.v2.nodes.Node;
import org.snakeyaml.engine.v2.nodes.SequenceNode;

import dev.relink.checks.YamlFile;

/**
 * The {@code parameters:} of a {@code routeTemplate} or a {@code templatedRoute} as written, each
 * name with its entry (a {@code routeTemplate}'s: name, description, defaultValue, required; a
 * {@code templatedRoute}'s: name, value), so a check can point at the one it is about.
 */
record TemplateParameters(Map<String, MappingNode> entries) {

    static TemplateParameters of(Node item) {
        Map<String, MappingNode> entries = new LinkedHashMap<>();
        if (YamlFile.entry(item, "parameters").map(tuple -> tuple.getValueNode()).orElse(null) instanceof SequenceNode list) {
            for (Node entry : list.getValue()) {
                if (entry instanceof MappingNode mapping) {
                    YamlFile.scalar(mapping, "name").ifPresent(name -> entries.put(name, mapping));
                }
            }
        }
        return new TemplateParameters(entries);
    }

    /** A template's parameter that a templated route must give: no default value, and not {@code required: false} (Camel's rule). */
    boolean required(String name) {
        MappingNode entry = entries.get(name);
        return YamlFile.entry(entry, "defaultValue").isEmpty()
                && YamlFile.scalar(entry, "required").filter("false"::equalsIgnoreCase).isEmpty();
    }

    /** The value node a templated route gives a parameter (its entry when it has no value). */
    Node value(String name) {
        MappingNode entry = entries.get(name);
        return YamlFile.entry(entry, "value").map(tuple -> (Node) tuple.getValueNode()).orElse(entry);
    }

    /** {@code text} with the template's own {@code {{name}}} placeholders taken out: what is left are Relink's settings. */
    String withoutPlaceholders(String text) {
        String result = text;
        for (String name : entries.keySet()) {
            result = result.replace("{{" + name + "}}", name);
        }
        return result;
    }
}
