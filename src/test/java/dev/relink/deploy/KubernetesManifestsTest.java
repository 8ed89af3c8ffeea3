package dev.relink.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.springframework.util.FileSystemUtils;

import dev.relink.support.TempDirectories;

/**
 * The manifests of docker/kubernetes/ as {@code kubectl apply -k} would send them: every object valid
 * against the JSON schemas of Kubernetes v1.35.0 (and of the Prometheus Operator's CRDs), vendored in
 * src/test/resources/kubernetes-schemas/, and every pod as the policy of docs/operations.md asks.
 */
class KubernetesManifestsTest {

    static final Path KUBERNETES = Path.of("docker", "kubernetes");
    static final Path PRODUCTION = KUBERNETES.resolve("overlays/production");
    static final Path SCHEMAS = Path.of("src/test/resources/kubernetes-schemas");
    static final Set<String> SECRET_KEYS = Set.of("datasource-password", "belvo-secret-id", "belvo-secret-password",
            "webhooks-authorization", "api-key", "repair-signing-key", "ops-password", "password");

    @Test
    void everyObjectIsValidAgainstTheKubernetesSchemas() throws IOException {
        List<ObjectNode> objects = new ArrayList<>(Kustomize.render(PRODUCTION));
        objects.addAll(Kustomize.render(KUBERNETES.resolve("components/autoscaling")));

        assertThat(objects).extracting(o -> o.path("kind").asText()).containsExactlyInAnyOrder("ServiceAccount",
                "Deployment", "Service", "PodDisruptionBudget", "NetworkPolicy", "ServiceMonitor", "PrometheusRule",
                "ConfigMap", "ConfigMap", "ConfigMap", "HorizontalPodAutoscaler");
        for (ObjectNode object : objects) {
            Set<ValidationMessage> errors = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V7)
                    .getSchema(Files.readString(schema(object))).validate(object);
            assertThat(errors).as(object.path("kind").asText()).isEmpty();
        }
    }

    @Test
    void theSchemasRefuseWhatKubernetesRefuses() throws IOException {
        ObjectNode deployment = deployment();
        ((ObjectNode) deployment.at("/spec/template/spec/containers/0")).put("livenessProbes", "typo");
        ((ObjectNode) deployment.at("/spec")).put("replicas", "three");

        Set<ValidationMessage> errors = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V7)
                .getSchema(Files.readString(schema(deployment))).validate(deployment);

        assertThat(errors).extracting(ValidationMessage::getMessage).anySatisfy(m -> assertThat(m).contains("livenessProbes"))
                .anySatisfy(m -> assertThat(m).contains("replicas"));
    }

    @Test
    void everyContainerHasProbesLimitsAndRunsAsNonRootOnAReadOnlyFilesystem() throws IOException {
        ObjectNode deployment = deployment();
        JsonNode pod = deployment.at("/spec/template/spec");

        assertThat(deployment.at("/spec/replicas").asInt()).isGreaterThanOrEqualTo(2);
        assertThat(pod.at("/securityContext/runAsNonRoot").asBoolean()).isTrue();
        assertThat(pod.path("automountServiceAccountToken").asBoolean(true)).isFalse();
        for (JsonNode container : pod.path("containers")) {
            String name = container.path("name").asText();
            assertThat(container.has("startupProbe") && container.has("readinessProbe") && container.has("livenessProbe"))
                    .as(name + " has startup, readiness and liveness probes").isTrue();
            // liveness depends on nothing outside the pod: the group holds livenessState only
            assertThat(container.at("/livenessProbe/httpGet/path").asText()).isEqualTo("/actuator/health/liveness");
            assertThat(container.at("/readinessProbe/httpGet/path").asText()).isEqualTo("/actuator/health/readiness");
            for (String resource : List.of("cpu", "memory")) {
                assertThat(container.at("/resources/requests/" + resource).isMissingNode()).as(name + " requests " + resource).isFalse();
                assertThat(container.at("/resources/limits/" + resource).isMissingNode()).as(name + " limits " + resource).isFalse();
            }
            assertThat(container.at("/securityContext/runAsNonRoot").asBoolean()).as(name + " runAsNonRoot").isTrue();
            assertThat(container.at("/securityContext/readOnlyRootFilesystem").asBoolean()).as(name).isTrue();
            assertThat(container.at("/securityContext/allowPrivilegeEscalation").asBoolean(true)).as(name).isFalse();
            assertThat(container.at("/securityContext/capabilities/drop").toString()).contains("ALL");
            // the one writable folder; the routes and templates are read-only ConfigMap volumes
            assertThat(container.path("volumeMounts")).filteredOn(m -> !m.path("readOnly").asBoolean())
                    .extracting(m -> m.path("mountPath").asText()).containsExactly("/tmp");
            // the image built from docker/Dockerfile, from the registry the overlay names
            assertThat(container.path("image").asText()).isEqualTo("registry.example.com/relink:1.0.0");
        }
    }

    /** Relink's image is built on Adoptium's eclipse-temurin; compose's services come from their projects' own repositories. */
    @Test
    void everyImageComesFromAMaintainedRepository() throws IOException {
        List<String> bases = Files.readAllLines(Path.of("docker", "Dockerfile")).stream()
                .filter(line -> line.startsWith("FROM ")).map(line -> line.split(" ")[1]).toList();
        List<String> services = new ArrayList<>();
        Kustomize.YAML.readTree(Path.of("docker", "compose.yaml").toFile()).path("services")
                .forEach(service -> services.add(service.path("image").asText("built: docker/Dockerfile")));

        assertThat(bases).containsExactly("eclipse-temurin:17-jdk", "eclipse-temurin:17-jre");
        assertThat(services).allSatisfy(image -> assertThat(image).matches(
                "built: docker/Dockerfile|postgres:\\d+|axllent/mailpit:.+|prom/prometheus:v.+|grafana/grafana-oss:.+"));
    }

    @Test
    void secretsAreReferencedNeverWritten() throws IOException {
        List<ObjectNode> objects = Kustomize.render(PRODUCTION);

        assertThat(objects).extracting(o -> o.path("kind").asText()).doesNotContain("Secret");
        JsonNode container = deployment().at("/spec/template/spec/containers/0");
        List<String> referenced = new ArrayList<>();
        for (JsonNode env : container.path("env")) {
            assertThat(env.has("value")).as(env.path("name").asText() + " is written in the manifest").isFalse();
            referenced.add(env.at("/valueFrom/secretKeyRef/key").asText());
        }
        assertThat(referenced).containsAll(SECRET_KEYS);
        // the generated settings hold no secret either
        JsonNode settings = configMap(objects, "relink-settings");
        settings.path("data").fieldNames().forEachRemaining(key -> assertThat(key).doesNotContainIgnoringCase("password")
                .doesNotContainIgnoringCase("key").doesNotContainIgnoringCase("secret").doesNotContainIgnoringCase("authorization"));
    }

    @Test
    void aChangedSettingRenamesItsConfigMapSoThePodsRoll() throws IOException {
        Path copy = copyOfTheRepository();
        String before = deployment(Kustomize.render(copy.resolve(PRODUCTION))).toString();
        Path settings = copy.resolve(PRODUCTION).resolve("settings.env");
        Files.writeString(settings, Files.readString(settings).replace("RELINK_MAIL_PORT=587", "RELINK_MAIL_PORT=465"));
        String after = deployment(Kustomize.render(copy.resolve(PRODUCTION))).toString();

        assertThat(before).containsPattern("relink-settings-[a-z0-9]{10}");
        assertThat(after).containsPattern("relink-settings-[a-z0-9]{10}").isNotEqualTo(before);
    }

    /** Where the image's settings tell the app to read them (docker/Dockerfile), the ConfigMaps are mounted. */
    @Test
    void theRoutesAndTemplatesAreMountedFromTheirConfigMapsWhereTheAppReadsThem() throws IOException {
        List<ObjectNode> objects = Kustomize.render(PRODUCTION);
        JsonNode pod = deployment(objects).at("/spec/template/spec");
        String dockerfile = Files.readString(Path.of("docker", "Dockerfile"));

        for (String folder : List.of("routes", "templates")) {
            JsonNode mount = mount(pod, folder);
            assertThat(dockerfile).contains("RELINK_" + folder.toUpperCase() + "_DIR=" + mount.path("mountPath").asText() + " ");
            assertThat(mount.path("readOnly").asBoolean()).as(folder + " read-only").isTrue();
            // the generated ConfigMap, by its hashed name
            assertThat(volume(pod, folder).at("/configMap/name").asText())
                    .isEqualTo(configMap(objects, "relink-" + folder).at("/metadata/name").asText())
                    .matches("relink-" + folder + "-[a-z0-9]{10}");
        }
    }

    /** Every file the app reads from routes/ and templates/ reaches the pod, with the repository's text, at its path. */
    @Test
    void everyRouteAndTemplateOfTheRepositoryIsInItsConfigMapAtItsPath() throws IOException {
        List<ObjectNode> objects = Kustomize.render(PRODUCTION);
        JsonNode pod = deployment(objects).at("/spec/template/spec");

        JsonNode routes = configMap(objects, "relink-routes").path("data");
        assertThat(volume(pod, "routes").at("/configMap/items").isMissingNode()).as("every key is a file").isTrue();
        Map<String, String> mountedRoutes = new TreeMap<>();
        routes.properties().forEach(entry -> mountedRoutes.put(entry.getKey(), entry.getValue().asText()));
        assertThat(mountedRoutes).isEqualTo(files(Path.of("routes")));

        JsonNode templates = configMap(objects, "relink-templates").path("data");
        Map<String, String> mountedTemplates = new TreeMap<>();
        for (JsonNode item : volume(pod, "templates").at("/configMap/items")) {
            assertThat(templates.has(item.path("key").asText())).as(item.path("key").asText()).isTrue();
            mountedTemplates.put(item.path("path").asText(), templates.path(item.path("key").asText()).asText());
        }
        assertThat(mountedTemplates).isEqualTo(files(Path.of("templates")));
        assertThat(templates.size()).as("no key left unmounted").isEqualTo(mountedTemplates.size());
    }

    @Test
    void anEditedRouteOrTemplateRenamesItsConfigMapSoThePodsRoll() throws IOException {
        Path copy = copyOfTheRepository();
        Map<String, String> before = configMapNames(copy);
        Path sms = copy.resolve("templates/token_required/es/sms.mustache");
        Files.writeString(sms, Files.readString(sms) + " ");
        Map<String, String> afterTemplate = configMapNames(copy);
        Path poll = copy.resolve("routes/detect-poll.yaml");
        Files.writeString(poll, Files.readString(poll) + "\n");
        Map<String, String> afterRoute = configMapNames(copy);

        assertThat(afterTemplate.get("templates")).isNotEqualTo(before.get("templates"));
        assertThat(afterTemplate.get("routes")).isEqualTo(before.get("routes"));
        assertThat(afterRoute.get("routes")).isNotEqualTo(before.get("routes"));
        assertThat(afterRoute.get("templates")).isEqualTo(afterTemplate.get("templates"));
    }

    /** The ConfigMap names the rendered Deployment mounts, by volume. */
    static Map<String, String> configMapNames(Path repository) throws IOException {
        JsonNode pod = deployment(Kustomize.render(repository.resolve(PRODUCTION))).at("/spec/template/spec");
        return Map.of("routes", volume(pod, "routes").at("/configMap/name").asText(),
                "templates", volume(pod, "templates").at("/configMap/name").asText());
    }

    /** docker/kubernetes, routes/ and templates/ copied at their places, as the overlay finds them. */
    static Path copyOfTheRepository() throws IOException {
        Path copy = TempDirectories.create("relink-kustomize-");
        for (Path folder : List.of(KUBERNETES, Path.of("routes"), Path.of("templates"))) {
            FileSystemUtils.copyRecursively(folder, copy.resolve(folder));
        }
        return copy;
    }

    /** The files under {@code dir} by their path in it, with their text. */
    static Map<String, String> files(Path dir) throws IOException {
        Map<String, String> files = new TreeMap<>();
        try (Stream<Path> walk = Files.walk(dir)) {
            for (Path file : walk.filter(Files::isRegularFile).toList()) {
                files.put(dir.relativize(file).toString(), Files.readString(file));
            }
        }
        return files;
    }

    static JsonNode mount(JsonNode pod, String name) {
        return stream(pod.at("/containers/0/volumeMounts")).filter(m -> m.path("name").asText().equals(name)).findFirst()
                .orElseThrow(() -> new AssertionError("no volumeMount " + name));
    }

    static JsonNode volume(JsonNode pod, String name) {
        return stream(pod.path("volumes")).filter(v -> v.path("name").asText().equals(name)).findFirst()
                .orElseThrow(() -> new AssertionError("no volume " + name));
    }

    static ObjectNode configMap(List<ObjectNode> objects, String generator) {
        return objects.stream().filter(o -> o.path("kind").asText().equals("ConfigMap")
                && o.at("/metadata/name").asText().startsWith(generator + "-")).findFirst().orElseThrow();
    }

    static Stream<JsonNode> stream(JsonNode array) {
        return java.util.stream.StreamSupport.stream(array.spliterator(), false);
    }

    /** The renderer against kustomize itself, where kubectl is installed (CI's machine need not have it). */
    @Test
    void rendersAsKubectlKustomizeDoes() throws Exception {
        Path kubectl = Stream.of(System.getenv("PATH").split(":")).map(dir -> Path.of(dir, "kubectl"))
                .filter(Files::isExecutable).findFirst().orElse(null);
        Assumptions.assumeTrue(kubectl != null, "Skipping the comparison with kustomize: kubectl is not installed "
                + "(the other tests render the overlay themselves)");
        Process process = new ProcessBuilder(kubectl.toString(), "kustomize", "--load-restrictor", "LoadRestrictionsNone",
                PRODUCTION.toString())
                .redirectError(ProcessBuilder.Redirect.DISCARD).start();
        List<JsonNode> expected = new ArrayList<>();
        Kustomize.YAML.readValues(new com.fasterxml.jackson.dataformat.yaml.YAMLFactory()
                .createParser(process.getInputStream()), JsonNode.class).forEachRemaining(expected::add);
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(process.exitValue()).isZero();

        // the suffix is a hash of the content, as kustomize's, though not the same digits
        assertThat(Kustomize.render(PRODUCTION)).map(KubernetesManifestsTest::withoutSuffix)
                .containsExactlyInAnyOrderElementsOf(expected.stream().map(KubernetesManifestsTest::withoutSuffix).toList());
    }

    static JsonNode withoutSuffix(JsonNode object) {
        try {
            return Kustomize.JSON.readTree(object.toString().replaceAll("(relink-(settings|routes|templates))-[a-z0-9]{10}", "$1-"));
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    static ObjectNode deployment() throws IOException {
        return deployment(Kustomize.render(PRODUCTION));
    }

    static ObjectNode deployment(List<ObjectNode> objects) {
        return objects.stream().filter(o -> o.path("kind").asText().equals("Deployment")).findFirst().orElseThrow();
    }

    static Path schema(JsonNode object) {
        String kind = object.path("kind").asText().toLowerCase();
        String[] api = object.path("apiVersion").asText().split("/");
        if (api.length == 2 && api[0].equals("monitoring.coreos.com")) {
            return SCHEMAS.resolve(api[0]).resolve(kind + "_" + api[1] + ".json");
        }
        String group = api.length == 2 ? "-" + api[0].split("\\.")[0] + "-" + api[1] : "-" + api[0];
        return SCHEMAS.resolve("v1.35.0").resolve(kind + group + ".json");
    }
}
