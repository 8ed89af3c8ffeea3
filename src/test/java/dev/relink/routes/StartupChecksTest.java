package dev.relink.routes;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

import dev.relink.RelinkApplication;
import dev.relink.support.FreePorts;

/**
 * Start-up runs the checks of {@code relink validate} first: each mistake of {@link OpsEdits} stops the
 * start at once, with exactly the lines validate prints, before a port, a database or a route exists;
 * several mistakes per start, each named at its place.
 */
@ExtendWith(OutputCaptureExtension.class)
class StartupChecksTest {

    @TempDir
    Path dir;

    /** Several mistakes per start, each still named at its place: see {@link OpsEdits#mistakeGroups()}. */
    static List<OpsEdits.Group> mistakeGroups() {
        return OpsEdits.mistakeGroups();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("mistakeGroups")
    void aBadEditStopsTheStartWithTheSameLinesAsValidateAndNothingElse(OpsEdits.Group mistakes, CapturedOutput output) {
        Path root = OpsEdits.copyShipped(dir);
        Map<OpsEdits.Edit, OpsEdits.At> made = mistakes.apply(root);
        Path data = dir.resolve("data");
        int port = FreePorts.next();

        long started = System.nanoTime();
        Throwable failure = catchThrowable(() -> new SpringApplication(RelinkApplication.class).run("--spring.profiles.active=local",
                "--relink.routes-dir=" + root.resolve("routes"), "--relink.templates-dir=" + root.resolve("templates"),
                "--relink.data-dir=" + data, "--server.port=" + port, "--relink.mail.port=" + FreePorts.next()));
        Duration took = Duration.ofNanos(System.nanoTime() - started);

        assertThat(failure).isInstanceOf(RoutesRefused.class);
        assertThat(((RoutesRefused) failure).getExitCode()).isEqualTo(1);
        assertThat(took).as("stopped within seconds, not after a whole start").isLessThan(Duration.ofSeconds(45));
        String startLog = output.getAll();
        ValidateCommandTest.Run validate = ValidateCommandTest.validate(root);
        assertThat(validate.out().lines().toList()).isNotEmpty()
                .allSatisfy(line -> assertThat(startLog).contains(line));
        made.forEach((mistake, at) -> OpsEdits.assertReported(startLog, root, at, mistake));
        assertThat(startLog).doesNotContain("\tat ").doesNotContain("CannotGetJdbcConnectionException")
                .doesNotContain("Tomcat started").doesNotContain("HikariPool");
        assertThat(Files.exists(data)).as("no database was opened").isFalse();
    }
}
