package dev.relink.experiment;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.relink.checks.Problem;

/** What {@code relink validate} says about an experiments file: each mistake at its line and column. */
class ExperimentsFileTest {

    @TempDir
    Path dir;

    @Test
    void theShippedExampleIsValidAndADraft() {
        List<Problem> problems = new ArrayList<>();
        List<Experiment> experiments = ExperimentsFile.read(Path.of("experiments.yaml"), Path.of("templates"), problems);
        assertThat(problems).isEmpty();
        assertThat(experiments).singleElement().satisfies(experiment -> {
            assertThat(experiment.status()).isEqualTo(Experiment.DRAFT);
            assertThat(experiment.running()).isFalse();
        });
    }

    @Test
    void noFileMeansNoExperiments() {
        assertThat(ExperimentsFile.check(dir.resolve("experiments.yaml"), Path.of("templates"))).isEmpty();
    }

    @Test
    void eachMistakeIsReportedAtItsOwnLineAndColumn() throws IOException {
        Path file = write("""
                experiments:
                  - id: sms-first
                    status: runing
                    arms:
                      - name: control
                      - name: sms
                        channels: [sms, fax]
                        weight: 0
                        steps: [0s, 12h, 6h]
                      - name: sms
                        colour: blue
                  - id: sms-first
                    status: draft
                    arms:
                      - name: control
                        holdout: true
                      - name: short
                        template: short
                """);
        assertThat(ExperimentsFile.check(file, Path.of("templates")).stream().map(Problem::toString)).containsExactly(
                file + ":3:13: error: status must be one of [draft, running, ended] (draft: nobody is assigned yet; ended: nobody new is)",
                file + ":7:19: error: unknown channel 'fax' (email or sms or whatsapp)",
                file + ":8:17: error: weight must be a whole number from 1 to 1000 (the arm's share is its weight over the arms' total)",
                file + ":9:16: error: step 2 (6h) is not later than the one before it: each step counts from the first prompt",
                file + ":10:15: error: arm name 'sms' is used twice",
                file + ":11:9: error: unknown key 'colour' in an arm (channels, holdout, name, steps, template, weight)",
                file + ":12:9: error: experiment id 'sms-first' is used twice",
                // the only control is a holdout: nothing to compare with
                file + ":15:7: error: one arm must be named control (not a holdout): every other arm is compared with it",
                file + ":18:19: error: no template variant <reason>/variants/short/ in templates (relink.templates-dir)");
    }

    @Test
    void twoRunningExperimentsMayNotShareAReason() throws IOException {
        Path file = write("""
                experiments:
                  - id: one
                    status: running
                    arms: [{name: control}, {name: b, channels: [sms]}]
                  - id: two
                    status: running
                    reasons: [token_required]
                    arms: [{name: control}, {name: holdout, holdout: true}]
                """);
        assertThat(ExperimentsFile.check(file, Path.of("templates")).stream().map(Problem::toString)).containsExactly(
                file + ":6:13: error: experiments one and two both run for token_required incidents: an incident enters"
                        + " one experiment only; give them different reasons or end one");
    }

    @Test
    void aVariantNeedsItsFolderForEachReasonItCovers() throws IOException {
        Path templates = dir.resolve("templates");
        Files.createDirectories(templates.resolve("token_required/variants/short/en"));
        Files.createDirectories(templates.resolve("invalid_credentials/en"));
        Path file = write("""
                experiments:
                  - id: short-sms
                    status: running
                    reasons: [token_required, invalid_credentials]
                    arms:
                      - name: control
                      - name: short
                        template: short
                """);
        assertThat(ExperimentsFile.check(file, templates).stream().map(Problem::toString)).containsExactly(
                file + ":8:19: error: no template variant invalid_credentials/variants/short/ in " + templates
                        + " (relink.templates-dir)");
    }

    private Path write(String text) throws IOException {
        Path file = dir.resolve("experiments.yaml");
        Files.writeString(file, text);
        return file;
    }
}
