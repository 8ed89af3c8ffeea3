package dev.relink.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.Yaml;

import dev.relink.support.RelinkHttp;

/**
 * docker/compose.yaml wires Prometheus and Grafana to Relink as the README says (no Docker engine
 * here, so the files are read): Prometheus scrapes /actuator/prometheus of the relink service with
 * the scrape login, Grafana mounts the provisioning and the dashboard where the provider loads it, makes it the home
 * page, and the dashboard's data source is the one provisioned.
 */
class DashboardProvisioningTest {

    static final Path DOCKER = Path.of("docker");

    @Test
    @SuppressWarnings("unchecked")
    void composeRunsPrometheusAndGrafanaWithTheRelinkDashboard() throws Exception {
        Map<String, Object> services = section(yaml(DOCKER.resolve("compose.yaml")), "services");
        Map<String, Object> grafana = section(services, "grafana");
        assertThat((List<String>) grafana.get("volumes")).contains(
                "./grafana/provisioning:/etc/grafana/provisioning:ro", "./grafana/dashboards:/var/lib/grafana/dashboards:ro");
        assertThat(section(grafana, "environment")).containsEntry("GF_DASHBOARDS_DEFAULT_HOME_DASHBOARD_PATH",
                "/var/lib/grafana/dashboards/relink.json");
        assertThat((List<String>) section(services, "prometheus").get("volumes"))
                .contains("./prometheus/prometheus.yml:/etc/prometheus/prometheus.yml:ro");

        Map<String, Object> job = ((List<Map<String, Object>>) yaml(DOCKER.resolve("prometheus/prometheus.yml"))
                .get("scrape_configs")).get(0);
        assertThat(job).containsEntry("metrics_path", "/actuator/prometheus");
        assertThat(job.toString()).contains("names=[relink]", "port=8080");
        // with the scrape login: the password is compose's secret, made from RELINK_METRICS_PASSWORD
        assertThat(section(job, "basic_auth")).containsEntry("username", "prometheus")
                .containsEntry("password_file", "/run/secrets/metrics-password");
        assertThat((List<String>) section(services, "prometheus").get("secrets")).contains("metrics-password");
        assertThat(section(section(yaml(DOCKER.resolve("compose.yaml")), "secrets"), "metrics-password"))
                .containsEntry("environment", "RELINK_METRICS_PASSWORD");

        Map<String, Object> provider = ((List<Map<String, Object>>) yaml(
                DOCKER.resolve("grafana/provisioning/dashboards/relink.yaml")).get("providers")).get(0);
        assertThat(section(provider, "options")).containsEntry("path", "/var/lib/grafana/dashboards");
        Map<String, Object> datasource = ((List<Map<String, Object>>) yaml(
                DOCKER.resolve("grafana/provisioning/datasources/prometheus.yaml")).get("datasources")).get(0);
        assertThat(datasource).containsEntry("url", "http://prometheus:9090");

        JsonNode dashboard = RelinkHttp.JSON.readTree(Files.readString(DashboardMetricsTest.DASHBOARD));
        assertThat(dashboard.findValues("datasource")).allSatisfy(source ->
                assertThat(source.path("uid").asText()).isEqualTo(datasource.get("uid")));
        assertThat(dashboard.findValues("expr")).hasSizeGreaterThan(15);
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> section(Map<String, Object> parent, String name) {
        return (Map<String, Object>) parent.get(name);
    }

    private static Map<String, Object> yaml(Path file) throws Exception {
        try (Reader reader = Files.newBufferedReader(file)) {
            return new Yaml().load(reader);
        }
    }
}
