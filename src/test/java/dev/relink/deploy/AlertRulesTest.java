package dev.relink.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * docker/prometheus/alerts.yml passes {@code promtool check rules} and the unit tests of
 * alerts.test.yml (one or more per alert); the PrometheusRule of docker/kubernetes/ holds the same
 * groups; each alert has its runbook in docs/operations.md. Under {@code CI=true} a missing promtool
 * fails (.ci/run installs Debian's prometheus package); elsewhere the promtool tests are skipped with a message.
 */
class AlertRulesTest {

    static final Path PROMETHEUS = Path.of("docker", "prometheus");
    static final Path ALERTS = PROMETHEUS.resolve("alerts.yml");
    static final Path PROMTOOL = Path.of("/usr/bin/promtool");

    @Test
    void promtoolChecksTheRules() throws Exception {
        assertThat(promtool("check", "rules", ALERTS.toString())).contains("SUCCESS: " + alerts().size() + " rules found");
    }

    @Test
    void promtoolUnitTestsPass() throws Exception {
        assertThat(promtool("test", "rules", PROMETHEUS.resolve("alerts.test.yml").toString())).contains("SUCCESS");
    }

    @Test
    void everyAlertIsUnitTestedAndHasARunbook() throws IOException {
        JsonNode tests = Kustomize.YAML.readTree(PROMETHEUS.resolve("alerts.test.yml").toFile());
        List<String> tested = new ArrayList<>();
        tests.path("tests").forEach(test -> test.path("alert_rule_test")
                .forEach(t -> tested.add(t.path("alertname").asText())));
        String operations = Files.readString(Path.of("docs", "operations.md"));

        assertThat(alerts()).contains("RelinkDeadLettersWaiting", "RelinkInboxBacklogGrowing", "RelinkBelvoFirewall",
                "RelinkBelvoRateLimited", "RelinkPollNotRun", "RelinkPromptsFailing", "RelinkAppEventsUndelivered",
                "RelinkReplicaNotReady", "RelinkIncidentsOverdue", "RelinkInstitutionOnHold", "RelinkInstitutionSpike");
        for (JsonNode rule : Kustomize.YAML.readTree(ALERTS.toFile()).at("/groups/0/rules")) {
            String alert = rule.path("alert").asText();
            assertThat(tested).as(alert + " has a promtool test").contains(alert);
            assertThat(operations).as(alert + " has a runbook").contains("### " + alert + "\n");
            assertThat(rule.at("/annotations/runbook_url").asText()).isEqualTo("docs/operations.md#" + alert.toLowerCase());
        }
    }

    @Test
    void thePrometheusRuleHoldsTheSameGroups() throws IOException {
        JsonNode rule = Kustomize.YAML.readTree(Path.of("docker/kubernetes/base/prometheusrule.yaml").toFile());

        assertThat(rule.at("/spec/groups")).isEqualTo(Kustomize.YAML.readTree(ALERTS.toFile()).path("groups"));
    }

    static List<String> alerts() throws IOException {
        List<String> names = new ArrayList<>();
        Kustomize.YAML.readTree(ALERTS.toFile()).at("/groups/0/rules").forEach(r -> names.add(r.path("alert").asText()));
        return names;
    }

    static String promtool(String... arguments) throws Exception {
        boolean installed = Files.isExecutable(PROMTOOL);
        if (System.getenv("CI") == null) {
            Assumptions.assumeTrue(installed, "Skipping the promtool test: " + PROMTOOL
                    + " is missing. Install it with 'apt-get install -y prometheus' (CI must).");
        }
        assertThat(installed).as("CI must have " + PROMTOOL + " (.ci/run installs Debian's prometheus)").isTrue();
        List<String> command = new ArrayList<>(List.of(PROMTOOL.toString()));
        command.addAll(List.of(arguments));
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes());
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(process.exitValue()).as(output).isZero();
        return output;
    }
}
