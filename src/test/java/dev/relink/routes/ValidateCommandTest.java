package dev.relink.routes;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.DynamicContainer.dynamicContainer;
import static org.junit.jupiter.api.DynamicTest.dynamicTest;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.DynamicContainer;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import dev.relink.support.ConfigMapVolume;

/** {@code relink validate} on copies of the shipped routes and templates, as ops run it before deploying an edit. */
class ValidateCommandTest {

    @TempDir
    Path dir;

    record Run(int exitCode, String out, String err) {
    }

    static Run validate(Path root, String... more) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        // the files alone, with the local profile's settings: a run naming no profile is prod and needs its settings
        List<String> args = new java.util.ArrayList<>(List.of("--spring.profiles.active=local",
                "--routes", root.resolve("routes").toString(), "--templates", root.resolve("templates").toString()));
        args.addAll(List.of(more));
        int code = ValidateCommand.run(args.toArray(String[]::new), new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
        return new Run(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    static List<OpsEdits.Edit> mistakes() {
        return OpsEdits.mistakes();
    }

    static List<OpsEdits.Edit> goodEdits() {
        return OpsEdits.goodEdits();
    }

    @Test
    void theShippedRoutesAndTemplatesAreValid() {
        Run run = validate(OpsEdits.copyShipped(dir));

        assertThat(run.out()).isEmpty();
        assertThat(run.err()).contains("are fine");
        assertThat(run.exitCode()).isZero();
    }

    /** As the production overlay mounts them: each folder a ConfigMap volume (docs/operations.md "Kubernetes"). */
    @Test
    void theShippedRoutesAndTemplatesAreValidAsConfigMapVolumes() {
        Path shipped = OpsEdits.copyShipped(dir.resolve("shipped"));
        ConfigMapVolume.of(shipped.resolve("routes"), dir.resolve("mounted/routes"));
        ConfigMapVolume.of(shipped.resolve("templates"), dir.resolve("mounted/templates"));

        Run run = validate(dir.resolve("mounted"));

        assertThat(run.out()).isEmpty();
        assertThat(run.exitCode()).isZero();
    }

    /** experiments.yaml is checked with the routes and templates, each mistake at its line and column. */
    @Test
    void aMistakeInTheExperimentsFileIsReportedAtItsLineAndColumn() throws Exception {
        Path root = OpsEdits.copyShipped(dir);
        Path experiments = root.resolve("experiments.yaml");
        java.nio.file.Files.writeString(experiments, java.nio.file.Files.readString(Path.of("experiments.yaml"))
                .replace("status: draft", "status: runing"));

        Run run = validate(root, "--experiments", experiments.toString());

        int line = java.nio.file.Files.readAllLines(experiments).indexOf("    status: runing") + 1;
        assertThat(run.out()).isEqualTo(experiments + ":" + line + ":13: error: status must be one of [draft, running, ended]"
                + " (draft: nobody is assigned yet; ended: nobody new is)\n");
        assertThat(run.exitCode()).isEqualTo(1);
    }

    /** A template variant's files are checked like the default ones; the parts it lacks are the default ones. */
    @Test
    void aVariantTemplateAskingForAnUnknownNameIsReportedAtItsLine() throws Exception {
        Path root = OpsEdits.copyShipped(dir);
        Path variant = java.nio.file.Files.createDirectories(root.resolve("templates/token_required/variants/short/es"));
        java.nio.file.Files.writeString(variant.resolve("sms.mustache"), "{{institution}}:\n{{repairLink}}\n");

        Run run = validate(root);

        assertThat(run.out()).startsWith(variant.resolve("sms.mustache") + ":2:1: error: unknown placeholder {{repairLink}}");
        assertThat(run.out().lines()).hasSize(1);
        assertThat(run.exitCode()).isEqualTo(1);
    }

    /**
     * Each mistake alone is reported at its file and line, with exit code 1; then the mistakes of its
     * group, made in one edit as RoutesWatchTest and StartupChecksTest make them, report exactly what
     * they report one by one: none hides or adds to another.
     */
    @TestFactory
    Stream<DynamicContainer> eachMistakeIsReportedAtItsFileAndLineWithExitCode1() {
        List<OpsEdits.Group> groups = OpsEdits.mistakeGroups();
        assertThat(groups.stream().flatMap(group -> group.mistakes().stream())).as("every mistake in one group")
                .extracting(OpsEdits.Edit::name).containsExactlyInAnyOrderElementsOf(mistakes().stream().map(OpsEdits.Edit::name).toList());
        return groups.stream().map(group -> {
            List<String> alone = new ArrayList<>();
            Stream<DynamicTest> each = group.mistakes().stream()
                    .map(mistake -> dynamicTest(mistake.name(), () -> alone.addAll(reportedAlone(mistake))));
            Stream<DynamicTest> together = group.mistakes().size() == 1 ? Stream.empty() : Stream.of(dynamicTest(
                    "together: exactly what each reports alone", () -> {
                Path root = OpsEdits.copyShipped(Files.createTempDirectory(dir, "together-"));
                group.apply(root);

                Run run = validate(root);

                assertThat(run.exitCode()).as(run.out()).isEqualTo(1);
                assertThat(relative(run.out(), root)).containsExactlyInAnyOrderElementsOf(alone);
            }));
            return dynamicContainer(group.toString(), Stream.concat(each, together));
        });
    }

    /** Makes the mistake alone on a copy and checks its report; answers the report's lines, relative to the copy. */
    private List<String> reportedAlone(OpsEdits.Edit mistake) throws IOException {
        Path root = OpsEdits.copyShipped(Files.createTempDirectory(dir, "alone-"));
        OpsEdits.At at = mistake.apply().apply(root);

        Run run = validate(root);

        assertThat(run.exitCode()).as(run.out()).isEqualTo(1);
        OpsEdits.assertReported(run.out(), root, at, mistake);
        assertThat(run.out().lines()).as("one line per problem, no stack trace")
                .allMatch(line -> line.matches(".+:\\d+:\\d+: error: .+"));
        if (at.column() > 0) {
            assertThat(run.out().lines()).as("named once: not again at its route's first line").hasSize(1);
        }
        return relative(run.out(), root);
    }

    private static List<String> relative(String out, Path root) {
        return out.lines().map(line -> line.replace(root + "/", "")).toList();
    }

    @Test
    void everyExpressionOfTheShippedRoutesBrokenIsNamedAtItsOwnLine() {
        Path root = OpsEdits.copyShipped(dir);
        // transform takes the shape of setBody: one of each kind of step that holds an expression
        OpsEdits.replaceFirst(root, "routes", Pattern.compile("(\\s+- )setBody(:)"), m -> m.group(1) + "transform" + m.group(2));
        List<OpsEdits.At> broken = OpsEdits.breakEveryExpression(root);

        Run run = validate(root);

        assertThat(broken).as("the shipped routes' expressions").hasSizeGreaterThan(90);
        assertThat(run.out().lines()).as(run.out()).hasSameSizeAs(broken);
        assertThat(broken).allSatisfy(at -> assertThat(run.out()).containsPattern(
                Pattern.quote(root.resolve(at.file()) + ":" + at.line() + ":") + "\\d+: error: [a-zA-Z]+ [a-z.-]+: .*Unknown function: oops"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("goodEdits")
    void goodEditsPass(OpsEdits.Edit edit) {
        Path root = OpsEdits.copyShipped(dir);
        edit.apply().apply(root);

        Run run = validate(root);

        assertThat(run.out()).isEmpty();
        assertThat(run.exitCode()).isZero();
    }

    @Test
    void jsonFormatListsEachProblemWithFileLineAndColumn() throws Exception {
        Path root = OpsEdits.copyShipped(dir);
        OpsEdits.At at = OpsEdits.mistakes().get(0).apply().apply(root);

        Run run = validate(root, "--format", "json");

        JsonNode json = new ObjectMapper().readTree(run.out());
        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(json.get("valid").asBoolean()).isFalse();
        JsonNode problem = json.get("problems").get(0);
        assertThat(problem.get("file").asText()).isEqualTo(root.resolve(at.file()).toString());
        assertThat(problem.get("line").asInt()).isEqualTo(at.line());
        assertThat(problem.get("column").asInt()).isPositive();
        assertThat(problem.get("message").asText()).contains("intakee");
    }

    @Test
    void settingsAreCheckedTooNamingTheKey() {
        Run run = validate(OpsEdits.copyShipped(dir), "--relink.prompt.channels=email,fax",
                "--relink.prompt.steps=0s,72h,24h", "--relink.prompt.quiet-start=21:00", "--relink.prompt.cap-per-contact-per-day=0");

        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.out()).contains("relink.prompt.channels", "unknown channel 'fax'")
                .contains("relink.prompt.steps", "not later than the one before it")
                .contains("quiet hours need both quiet-start and quiet-end")
                .contains("relink.prompt.cap-per-contact-per-day");
    }

    @Test
    void unknownTemplatePlaceholdersMissingTemplatesAndLongSmsAreReported() throws Exception {
        Path root = OpsEdits.copyShipped(dir);
        Path text = root.resolve("templates/token_required/es/email-text.mustache");
        OpsEdits.write(text, OpsEdits.read(text) + "Hola {{nombre}}\n");
        java.nio.file.Files.delete(root.resolve("templates/invalid_credentials/pt/email-html.mustache"));
        Path sms = root.resolve("templates/token_required/en/sms.mustache");
        OpsEdits.write(sms, OpsEdits.read(sms) + " Please reconnect now, it takes a minute. ".repeat(5));
        Path consentSms = root.resolve("templates/consent_expired/pt/sms.mustache");
        OpsEdits.write(consentSms, OpsEdits.read(consentSms) + " Renove agora, leva só um minuto. ".repeat(5));

        Run run = validate(root);

        int nameLine = (int) OpsEdits.read(text).lines().count();
        assertThat(run.out()).contains(text + ":" + nameLine + ":1: error: unknown placeholder {{nombre}}")
                .contains(root.resolve("templates/invalid_credentials/pt/email-html.mustache") + ":0:0: error: missing template")
                .contains(sms + ":1:1: error: SMS takes 3 segments")
                .contains(consentSms + ":1:1: error: SMS takes 3 segments");
    }

    @Test
    void endpointOptionsAreCheckedByTheirComponent() {
        Path root = OpsEdits.copyShipped(dir);
        OpsEdits.At at = OpsEdits.replaceFirst(root, "routes", Pattern.compile("(\\s+)concurrentConsumers(: .*)"),
                m -> m.group(1) + "concurrentConsumer" + m.group(2));

        Run run = validate(root);

        OpsEdits.assertReported(run.out(), root, at);
        assertThat(run.out()).contains("Unknown parameters=[{concurrentConsumer=");
    }
}
