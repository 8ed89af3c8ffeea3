package dev.relink.deploy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLParser;

/**
 * The part of kustomize that docker/kubernetes/ uses, so that CI renders the overlays without kubectl
 * (Debian's kubectl is 1.20, whose kustomize is too old): resources (files and folders), components,
 * labels (metadata only), namespace, images, configMapGenerator from env files and files (with a hash
 * of the content as suffix, as kustomize's, and the Deployment's references, envFrom and volumes, renamed)
 * and JSON 6902 patches, inline or in a file. Files outside the kustomization's folder are read, as
 * kustomize's {@code --load-restrictor LoadRestrictionsNone} does. Anything else in a
 * kustomization fails the render, so a manifest never passes on a field this renderer skipped.
 * {@code KubernetesManifestsTest} compares the result with {@code kubectl kustomize} where kubectl is installed.
 */
final class Kustomize {

    static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
    static final ObjectMapper JSON = new ObjectMapper();
    static final List<String> KNOWN = List.of("apiVersion", "kind", "resources", "components", "labels", "namespace",
            "images", "configMapGenerator", "patches");

    private Kustomize() {
    }

    static List<ObjectNode> render(Path dir) throws IOException {
        ObjectNode kustomization = (ObjectNode) YAML.readTree(dir.resolve("kustomization.yaml").toFile());
        kustomization.fieldNames().forEachRemaining(field -> {
            if (!KNOWN.contains(field)) {
                throw new IllegalArgumentException(dir + ": this renderer does not know " + field);
            }
        });
        List<ObjectNode> objects = new ArrayList<>();
        for (JsonNode resource : kustomization.path("resources")) {
            Path path = dir.resolve(resource.asText()).normalize();
            objects.addAll(Files.isDirectory(path) ? render(path) : read(path));
        }
        for (JsonNode component : kustomization.path("components")) {
            objects.addAll(render(dir.resolve(component.asText()).normalize()));
        }
        Map<String, String> renamed = new LinkedHashMap<>();
        for (JsonNode generator : kustomization.path("configMapGenerator")) {
            ObjectNode configMap = configMap(dir, generator);
            renamed.put(generator.path("name").asText(), configMap.path("metadata").path("name").asText());
            objects.add(configMap);
        }
        for (ObjectNode object : objects) {
            ObjectNode metadata = object.with("metadata");
            kustomization.path("labels").forEach(label -> label.path("pairs").properties()
                    .forEach(pair -> metadata.with("labels").set(pair.getKey(), pair.getValue())));
            if (kustomization.has("namespace")) {
                metadata.put("namespace", kustomization.path("namespace").asText());
            }
            for (JsonNode patch : kustomization.path("patches")) {
                JsonNode target = patch.path("target");
                if (target.path("kind").asText().equals(object.path("kind").asText())
                        && target.path("name").asText().equals(metadata.path("name").asText())) {
                    JsonPatch.apply(object, patch.has("path") ? YAML.readTree(dir.resolve(patch.path("path").asText()).toFile())
                            : YAML.readTree(patch.path("patch").asText()));
                }
            }
            // as kustomize, after the patches: a patch may name a generated ConfigMap too
            for (JsonNode container : object.at("/spec/template/spec/containers")) {
                rename((ObjectNode) container, kustomization.path("images"), renamed);
            }
            for (JsonNode volume : object.at("/spec/template/spec/volumes")) {
                if (volume.has("configMap")) {
                    rename((ObjectNode) volume.path("configMap"), renamed);
                }
            }
        }
        return objects;
    }

    private static List<ObjectNode> read(Path file) throws IOException {
        List<ObjectNode> objects = new ArrayList<>();
        try (YAMLParser parser = new YAMLFactory().createParser(file.toFile())) {
            YAML.readValues(parser, ObjectNode.class).forEachRemaining(objects::add);
        }
        return objects;
    }

    private static void rename(ObjectNode container, JsonNode images, Map<String, String> configMaps) {
        for (JsonNode image : images) {
            if (container.path("image").asText().equals(image.path("name").asText())) {
                container.put("image", image.path("newName").asText() + ":" + image.path("newTag").asText());
            }
        }
        for (JsonNode source : container.path("envFrom")) {
            rename((ObjectNode) source.path("configMapRef"), configMaps);
        }
    }

    private static void rename(ObjectNode reference, Map<String, String> configMaps) {
        if (configMaps.containsKey(reference.path("name").asText())) {
            reference.put("name", configMaps.get(reference.path("name").asText()));
        }
    }

    /**
     * A ConfigMap from env files and files ({@code key=path}, or the path whose file name is the key),
     * named as kustomize names it: name-hash of its kind, name and data.
     */
    private static ObjectNode configMap(Path dir, JsonNode generator) throws IOException {
        Map<String, String> data = new TreeMap<>();
        for (JsonNode file : generator.path("files")) {
            String[] keyAndPath = file.asText().split("=", 2);
            Path path = dir.resolve(keyAndPath[keyAndPath.length - 1]);
            data.put(keyAndPath.length == 2 ? keyAndPath[0] : path.getFileName().toString(),
                    Files.readString(path, StandardCharsets.UTF_8));
        }
        for (JsonNode env : generator.path("envs")) {
            for (String line : Files.readAllLines(dir.resolve(env.asText()), StandardCharsets.UTF_8)) {
                if (!line.isBlank() && !line.startsWith("#")) {
                    data.put(line.substring(0, line.indexOf('=')), line.substring(line.indexOf('=') + 1));
                }
            }
        }
        String name = generator.path("name").asText();
        ObjectNode configMap = JSON.createObjectNode().put("apiVersion", "v1").put("kind", "ConfigMap");
        configMap.with("metadata").put("name", name + "-" + hash(name, data));
        data.forEach(configMap.with("data")::put);
        return configMap;
    }

    /** As kustomize's api/hasher: sha256 of the JSON of {data, kind, name}, its first 10 hex digits made consonant-safe. */
    static String hash(String name, Map<String, String> data) throws IOException {
        Map<String, Object> encoded = new TreeMap<>(Map.of("kind", "ConfigMap", "name", name, "data", data));
        String json = JSON.writeValueAsString(encoded).replace("<", "\\u003c").replace(">", "\\u003e")
                .replace("&", "\\u0026");
        try {
            String hex = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(json.getBytes(StandardCharsets.UTF_8)));
            StringBuilder out = new StringBuilder();
            for (char c : hex.substring(0, 10).toCharArray()) {
                out.append(switch (c) {
                    case '0' -> 'g';
                    case '1' -> 'h';
                    case '3' -> 'k';
                    case 'a' -> 'm';
                    case 'e' -> 't';
                    default -> c;
                });
            }
            return out.toString();
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** RFC 6902 replace and add, the operations the overlays use. */
    static final class JsonPatch {

        private JsonPatch() {
        }

        static void apply(ObjectNode target, JsonNode operations) {
            for (JsonNode operation : operations) {
                String path = operation.path("path").asText();
                String op = operation.path("op").asText();
                if (!op.equals("replace") && !op.equals("add")) {
                    throw new IllegalArgumentException("this renderer does not apply " + op);
                }
                JsonNode parent = target.at(path.substring(0, path.lastIndexOf('/')));
                String last = path.substring(path.lastIndexOf('/') + 1).replace("~1", "/").replace("~0", "~");
                if (parent instanceof ArrayNode array) {
                    if (last.equals("-")) {
                        array.add(operation.path("value"));
                    } else if (op.equals("add")) {
                        array.insert(Integer.parseInt(last), operation.path("value"));
                    } else {
                        array.set(Integer.parseInt(last), operation.path("value"));
                    }
                } else if (parent instanceof ObjectNode object) {
                    if (op.equals("replace") && !object.has(last)) {
                        throw new IllegalArgumentException("nothing to replace at " + path);
                    }
                    object.set(last, operation.path("value"));
                } else {
                    throw new IllegalArgumentException("no " + path);
                }
            }
        }
    }
}
