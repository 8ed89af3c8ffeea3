package dev.relink.experiment;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import com.fasterxml.jackson.databind.JsonNode;
import com.icegreen.greenmail.util.GreenMail;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Import;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import dev.relink.checks.Problem;
import dev.relink.prompt.MutableClock;
import dev.relink.support.BrowserTest;
import dev.relink.support.RelinkHttp;
import dev.relink.support.TempDirectories;

/**
 * The whole app on a clock the test moves, with two running experiments and the template variant they
 * name: {@code journey} for token_required incidents, {@code people} (control against the {@code short}
 * variant) for invalid_credentials ones. The classes on this base share one app, its clock and its file.
 */
@Import(MutableClock.InTheApp.class)
abstract class RunningExperiments extends BrowserTest {

    static final String FILE = """
            experiments:
              - id: journey
                status: running
                reasons: [token_required]
                arms:
                  - name: control
                  - name: short
                    template: short
                  - name: holdout
                    holdout: true
                  - name: sms-soon
                    channels: [email, sms]
                    steps: [0s, 48h]
              - id: people
                status: running
                reasons: [invalid_credentials]
                arms:
                  - name: control
                  - name: short
                    template: short
            """;

    static Path experimentsFile;
    static Path templates;

    /** The app's clock, which only moves when a test moves it (forward, from where it is). */
    @Autowired
    MutableClock clock;
    @Autowired
    JdbcTemplate jdbc;
    /** The embedded SMTP server, with every prompt mailed so far. */
    @Autowired
    GreenMail smtp;
    @Value("${local.server.port}")
    int port;

    /** The one knob of these classes: their experiments file, and templates with the variant it names. */
    @DynamicPropertySource
    static void runningExperiment(DynamicPropertyRegistry registry) throws IOException {
        Path dir = TempDirectories.create("relink-experiment-");
        templates = dir.resolve("templates");
        for (Path file : dev.relink.checks.MountedFolder.files(Path.of("templates"))) {
            Files.createDirectories(templates.resolve(file.toString()).getParent());
            Files.copy(Path.of("templates").resolve(file), templates.resolve(file.toString()));
        }
        for (String reason : List.of("token_required", "invalid_credentials")) {
            Path variant = templates.resolve(reason + "/variants/short/en");
            Files.createDirectories(variant);
            Files.writeString(variant.resolve("email-subject.mustache"), "Reconnect {{institution}}: one minute");
        }
        experimentsFile = dir.resolve("experiments.yaml");
        Files.writeString(experimentsFile, FILE);
        registry.add("relink.templates-dir", () -> templates.toString());
        registry.add("relink.experiments-file", experimentsFile::toString);
        registry.add("relink.prompt.tick-interval", () -> "200");
    }

    static Experiment experiment(String id) {
        List<Problem> problems = new ArrayList<>();
        Experiment found = ExperimentsFile.read(experimentsFile, templates, problems).stream()
                .filter(experiment -> experiment.id().equals(id)).findFirst().orElseThrow();
        assertThat(problems).isEmpty();
        return found;
    }

    /** Someone the hash puts in {@code arm} (what a person is assigned follows from their external id alone). */
    static String personIn(Experiment experiment, String arm) {
        while (true) {
            String user = "exp-" + UUID.randomUUID();
            if (ArmHash.arm(experiment, user).name().equals(arm)) {
                return user;
            }
        }
    }

    static JsonNode incident(RelinkHttp relink, String link) throws Exception {
        JsonNode page = RelinkHttp.JSON.readTree(relink.send(relink.api("/api/incidents?link_id=" + link).GET()).body());
        return RelinkHttp.JSON.readTree(relink.send(relink.api("/api/incidents/" + page.path("items").get(0).path("id")
                .asText()).GET()).body());
    }

    static String state(RelinkHttp relink, String link) throws Exception {
        return incident(relink, link).path("state").asText();
    }
}
