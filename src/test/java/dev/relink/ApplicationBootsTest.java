package dev.relink;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Value;

import dev.relink.support.OpsSession;
import dev.relink.support.RelinkHttp;
import dev.relink.support.RelinkIntegrationTest;

class ApplicationBootsTest extends RelinkIntegrationTest {

    @Value("${local.server.port}")
    int port;

    @Test
    void livenessAndReadinessAreUpAndHealthAnswers200() throws Exception {
        HttpClient http = HttpClient.newHttpClient();
        for (String path : new String[] {"/actuator/health/liveness", "/actuator/health/readiness"}) {
            HttpResponse<String> response = http.send(
                    HttpRequest.newBuilder(URI.create("http://localhost:" + port + path)).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(response.statusCode()).as(path).isEqualTo(200);
            assertThat(response.body()).as(path).contains("\"status\":\"UP\"");
        }
        // The overall status is UP on a fresh app (ComposeConfigurationIT checks that on a new jar); here the
        // context is shared with tests that leave dead letters on purpose, which reads DEGRADED, still 200.
        HttpResponse<String> health = http.send(
                HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/actuator/health")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(health.statusCode()).isEqualTo(200);
        assertThat(health.body()).containsPattern("^\\{(\"description\":\"[^\"]*\",)?\"status\":\"(UP|DEGRADED)\"");
        assertThat(OpsSession.logIn(port).health("/actuator/health").path("components").path("db").path("status").asText())
                .as("the components, as ops see them").isEqualTo("UP");
    }

    @Test
    void prometheusShowsCamelRouteMetricsPerRoute() throws Exception {
        HttpResponse<String> response = HttpClient.newHttpClient().send(
                HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/actuator/prometheus"))
                        .header("Authorization", RelinkHttp.scrapeAuthorization()).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).contains("camel_exchanges_total").contains("routeId=\"detect.inbox-dispatch\"")
                // the intake times and counts itself, with the outcome (not Camel's route policy: see application.yaml)
                .contains("relink_webhooks_intake_seconds_bucket").contains("relink_inbox_write_batch");
    }

    @Test
    void adminApiWithoutKeyIsRefusedWithProblemJson() throws Exception {
        HttpResponse<String> response = HttpClient.newHttpClient().send(
                HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/api/incidents")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).isEqualTo(401);
        assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(type -> assertThat(type).startsWith("application/problem+json"));
        assertThat(response.body()).contains("Authorization: Bearer");
    }
}
