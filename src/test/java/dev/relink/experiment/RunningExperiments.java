package dev.relink.experiment;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import com.fasterxml.jackson.databind.JsonNode;
import com.icegreen.greenmail.util.GreenMail;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.openqa.selenium.WebDriver;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.jdbc.core.JdbcTemplate;

import dev.relink.checks.Problem;
import dev.relink.support.Chromium;
import dev.relink.support.RelinkOnTestClock;
import dev.relink.support.RelinkHttp;

/**
 * The whole app on a clock the test moves, with two running experiments and the template variant they
 * name: {@code journey} for token_required incidents, {@code people} (control against the {@code short}
 * variant) for invalid_credentials ones. The classes on this base share one app, its clock and its file.
 */
abstract class RunningExperiments extends RelinkOnTestClock {

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

    protected static Chromium chromium;
    protected static WebDriver browser;

    @Autowired
    JdbcTemplate jdbc;
    /** The embedded SMTP server, with every prompt mailed so far. */
    @Autowired
    GreenMail smtp;
    @Value("${local.server.port}")
    int port;

    /** The experiments of these classes run while they do; the base's templates have the variant they name. */
    @BeforeAll
    static void runningExperiments() throws IOException {
        Files.writeString(EXPERIMENTS, FILE);
        chromium = Chromium.shared();
        browser = chromium.driver();
    }

    /** The classes after these share the app: the experiments file as the base has it. */
    @AfterAll
    static void shippedExperimentsAgain() throws IOException {
        Files.writeString(EXPERIMENTS, SHIPPED_EXPERIMENTS);
    }

    /** Console lines of an earlier test or page are not this test's business. */
    @BeforeEach
    void forgetEarlierConsoleLines() {
        chromium.forgetConsole();
    }

    static Experiment experiment(String id) {
        List<Problem> problems = new ArrayList<>();
        Experiment found = ExperimentsFile.read(EXPERIMENTS, TEMPLATES, problems).stream()
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
