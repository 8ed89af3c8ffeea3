package dev.relink.routes;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.relink.deploy.ComposeConfigurationIT;
import dev.relink.support.FreePorts;
import dev.relink.support.JarProcess;

/**
 * The packaged {@code relink.jar} as ops and the container run it: {@code validate} in a folder with
 * {@code routes/} and {@code templates/}, and a start with a bad edit, which ends at once with exit
 * code 1 and the problem lines instead of a slow, noisy start that fails late (or never ends).
 */
class ValidateJarIT {

    /** Files only, no production settings: a jar started without a profile is prod. */
    static final String LOCAL = "--spring.profiles.active=local";

    @TempDir
    Path dir;

    @Test
    void validateExits0OnTheShippedFilesAnd1WithTheLinesOnABadEdit() throws Exception {
        Path root = OpsEdits.copyShipped(dir);
        JarProcess.Ended clean = JarProcess.runToEnd(List.of("validate", LOCAL), root, Duration.ofMinutes(2));
        assertThat(clean.exitCode()).as(clean.output()).isZero();

        OpsEdits.At at = OpsEdits.mistakes().get(2).apply().apply(root); // steps: indented one space too little
        JarProcess.Ended broken = JarProcess.runToEnd(List.of("validate", LOCAL), root, Duration.ofMinutes(2));

        assertThat(broken.exitCode()).isEqualTo(1);
        assertThat(broken.output()).contains(at.file() + ":" + at.line() + ":").doesNotContain("\tat ");
    }

    /**
     * {@code docker run ... relink validate}: the image's ENTRYPOINT is {@code java -jar /app/relink.jar}
     * with no CMD, so the arguments of {@code docker run} follow it; run here with the image's own
     * environment and the folders mounted at RELINK_ROUTES_DIR and RELINK_TEMPLATES_DIR.
     */
    @Test
    void validateRunsAsTheContainerImageRunsIt() throws Exception {
        String dockerfile = Files.readString(Path.of("docker", "Dockerfile"));
        assertThat(dockerfile).contains("ENTRYPOINT [\"java\", \"-jar\", \"/app/relink.jar\"]").doesNotContain("\nCMD ");
        Path root = OpsEdits.copyShipped(dir);
        java.util.Map<String, String> image = new java.util.HashMap<>(ComposeConfigurationIT.dockerfileEnvironment());
        image.remove("JAVA_TOOL_OPTIONS");
        image.put("RELINK_ROUTES_DIR", root.resolve("routes").toString());
        image.put("RELINK_TEMPLATES_DIR", root.resolve("templates").toString());

        java.util.Map<String, String> filesOnly = new java.util.HashMap<>(image);
        filesOnly.put("SPRING_PROFILES_ACTIVE", "local");
        JarProcess.Ended local = JarProcess.runToEnd(List.of("validate"), filesOnly, dir, Duration.ofMinutes(2));
        assertThat(local.exitCode()).as(local.output()).isZero();

        JarProcess.Ended prod = JarProcess.runToEnd(List.of("validate"), image, dir, Duration.ofMinutes(2));
        assertThat(prod.exitCode()).isEqualTo(1);
        assertThat(prod.output()).as("without the production settings their placeholders do not resolve")
                .contains("error: property placeholder does not resolve: Property with key [relink.belvo.base-url]");
    }

    @Test
    void aStartWithABadEditEndsWithinSecondsWithExitCode1AndTheLines() throws Exception {
        Path root = OpsEdits.copyShipped(dir);
        OpsEdits.At at = OpsEdits.mistakes().get(2).apply().apply(root); // the edit that used to hang the start

        JarProcess.Ended start = JarProcess.runToEnd(List.of(LOCAL, "--server.port=" + FreePorts.next(),
                "--relink.mail.port=" + FreePorts.next()), root, Duration.ofMinutes(2));

        assertThat(start.exitCode()).as(start.output()).isEqualTo(1);
        assertThat(start.output()).contains(at.file() + ":" + at.line() + ":").contains("APPLICATION FAILED TO START")
                .doesNotContain("\tat ").doesNotContain("CannotGetJdbcConnectionException").doesNotContain("Tomcat started");
        assertThat(Files.exists(root.resolve("data"))).as("no database opened").isFalse();
        System.out.println("bad edit: start ended after " + start.took().toMillis() + " ms");
    }
}
