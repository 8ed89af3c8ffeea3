package dev.relink.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.util.Base64;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Value;

import dev.relink.support.OpsSession;
import dev.relink.support.RawHttp;
import dev.relink.support.RelinkHttp;
import dev.relink.support.RelinkIntegrationTest;

/** Who sees what of the actuator: the probes a status, ops the details, Prometheus the metrics with its password. */
class ActuatorAccessTest extends RelinkIntegrationTest {

    private static final List<String> HEALTH = List.of("/actuator/health", "/actuator/health/liveness",
            "/actuator/health/readiness");
    private static final List<String> SCRAPED = List.of("/actuator/prometheus", "/actuator/metrics",
            "/actuator/metrics/jvm.memory.used");

    @Value("${local.server.port}")
    int port;

    RelinkHttp relink;

    @BeforeEach
    void client() throws Exception {
        relink = new RelinkHttp(port);
        nothingWaitingInTheDeadLetters();
    }

    /**
     * Other classes on this app leave dead letters on purpose (an app webhook that never answers, an email
     * server stopped), and a single one waiting turns the health DEGRADED: ops delete them, as after a fix.
     */
    private void nothingWaitingInTheDeadLetters() throws Exception {
        JsonNode pending;
        do {
            pending = RelinkHttp.JSON.readTree(relink.send(relink.api("/api/dead-letters?status=pending&size=200")).body());
            for (JsonNode letter : pending.path("items")) {
                assertThat(relink.send(relink.api("/api/dead-letters/" + letter.path("id").asLong()).DELETE()).statusCode())
                        .isEqualTo(204);
            }
        } while (!pending.path("items").isEmpty());
    }

    @Test
    void anyoneSeesTheHealthStatusAndNothingElse() throws Exception {
        for (String path : HEALTH) {
            HttpResponse<String> health = relink.send(relink.plain(path));
            assertThat(health.statusCode()).as(path).isEqualTo(200);
            JsonNode body = RelinkHttp.JSON.readTree(health.body());
            assertThat(body.path("status").asText()).as(path).isEqualTo("UP");
            assertThat(body.properties()).as(path + " shows its status (and the probes' group names) only")
                    .extracting(Map.Entry::getKey).contains("status").isSubsetOf("status", "groups");
            assertThat(health.body()).as(path).doesNotContain("deadLetters", "routes", "db", "camel");
        }
        assertThat(relink.send(relink.plain("/actuator/health/deadLetters")).statusCode())
                .as("a component is not even named").isEqualTo(404);
    }

    @Test
    void theOpsLoginSeesEveryComponentsDetails() throws Exception {
        OpsSession ops = OpsSession.logIn(port);

        JsonNode health = ops.health("/actuator/health");
        assertThat(health.path("components").path("deadLetters").path("details").has("pendingByRoute")).isTrue();
        assertThat(health.path("components").path("db").path("details").path("database").asText()).isNotEmpty();
        assertThat(ops.health("/actuator/health/readiness").path("components").has("camelReadinessState")).isTrue();
        assertThat(ops.health("/actuator/health/deadLetters").path("status").asText()).isEqualTo("UP");
        assertThat(ops.get("/actuator/prometheus").statusCode()).as("the console's login is not a scrape credential")
                .isEqualTo(401);
    }

    @Test
    void metricsAndPrometheusNeedTheScrapeCredentials() throws Exception {
        String wrongPassword = "Basic " + Base64.getEncoder().encodeToString((METRICS_USER + ":nope").getBytes());
        String wrongUser = "Basic " + Base64.getEncoder().encodeToString(("ops:" + METRICS_PASSWORD).getBytes());
        for (String path : SCRAPED) {
            for (String refused : List.of("", wrongPassword, wrongUser, "Bearer " + API_KEY)) {
                HttpResponse<String> answer = relink.send(refused.isEmpty() ? relink.plain(path)
                        : relink.plain(path).header("Authorization", refused));
                assertThat(answer.statusCode()).as(path + " with '" + refused + "'").isEqualTo(401);
                assertThat(answer.headers().firstValue("Content-Type")).hasValueSatisfying(
                        type -> assertThat(type).startsWith("application/problem+json"));
                assertThat(answer.headers().firstValue("WWW-Authenticate")).hasValue("Basic realm=\"relink-metrics\"");
                assertThat(answer.body()).doesNotContain("jvm_memory", "jvm.memory");
            }
            HttpResponse<String> scraped = relink.send(relink.scrape(path));
            assertThat(scraped.statusCode()).as(path).isEqualTo(200);
            assertThat(scraped.body()).as(path).containsPattern("jvm[._]memory[._]used");
        }
    }

    @Test
    void otherSpellingsOfTheScrapePathsNeedTheCredentialsToo() throws Exception {
        RawHttp raw = new RawHttp(port);
        for (String path : List.of("/actuator/%70rometheus", "/%61ctuator/prometheus", "/actuator/metrics/",
                "/actuator/m%65trics/jvm.memory.used")) {
            assertThat(raw.send("GET", path, Map.of()).status()).as(path).isEqualTo(401);
            assertThat(raw.send("GET", path, Map.of("Authorization", RelinkHttp.scrapeAuthorization())).status())
                    .as(path).isIn(200, 404);
        }
        assertThat(raw.send("GET", "/actuator/%70rometheus", Map.of("Authorization", RelinkHttp.scrapeAuthorization()))
                .body()).contains("jvm_memory_used");
    }
}
