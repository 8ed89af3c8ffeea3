package dev.relink.routes;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.test.util.TestSocketUtils;

import dev.relink.support.JarProcess;

/**
 * The packaged {@code relink.jar} as ops and the container run it: {@code validate} in a folder with
 * {@code routes/} and {@code templates/}, and a start with a bad edit, which ends at once with exit
 * code 1 and the problem lines instead of a slow, noisy start that fails late (or never ends).
 */
class ValidateJarIT {

    @TempDir
    Path dir;

    @Test
    void validateExits0OnTheShippedFilesAnd1WithTheLinesOnABadEdit() throws Exception {
        Path root = OpsEdits.copyShipped(dir);
        JarProcess.Ended clean = JarProcess.runToEnd(List.of("validate"), root, Duration.ofMinutes(2));
        assertThat(clean.exitCode()).as(clean.output()).isZero();

        OpsEdits.At at = OpsEdits.mistakes().get(2).apply().apply(root); // steps: indented one space too little
        JarProcess.Ended broken = JarProcess.runToEnd(List.of("validate"), root, Duration.ofMinutes(2));

        assertThat(broken.exitCode()).isEqualTo(1);
        assertThat(broken.output()).contains(at.file() + ":" + at.line() + ":").doesNotContain("\tat ");
    }

    @Test
    void aStartWithABadEditEndsWithinSecondsWithExitCode1AndTheLines() throws Exception {
        Path root = OpsEdits.copyShipped(dir);
        OpsEdits.At at = OpsEdits.mistakes().get(2).apply().apply(root); // the edit that used to hang the start

        JarProcess.Ended start = JarProcess.runToEnd(List.of("--server.port=" + TestSocketUtils.findAvailableTcpPort(),
                "--relink.mail.port=" + TestSocketUtils.findAvailableTcpPort()), root, Duration.ofMinutes(2));

        assertThat(start.exitCode()).as(start.output()).isEqualTo(1);
        assertThat(start.output()).contains(at.file() + ":" + at.line() + ":").contains("APPLICATION FAILED TO START")
                .doesNotContain("\tat ").doesNotContain("CannotGetJdbcConnectionException").doesNotContain("Tomcat started");
        assertThat(Files.exists(root.resolve("data"))).as("no database opened").isFalse();
        System.out.println("bad edit: start ended after " + start.took().toMillis() + " ms");
    }
}
