package dev.relink.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;
import org.springframework.boot.convert.DurationStyle;

/**
 * The shutdown budget written in application.yaml (spring.lifecycle) holds where it is used: Kubernetes
 * waits for the preStop pause, Spring's web drain and Camel's routes before it kills the JVM, and so
 * does compose (which has no preStop).
 */
class ShutdownBudgetTest {

    static final Duration MARGIN = Duration.ofSeconds(10);

    @Test
    void theGracePeriodCoversThePauseTheWebDrainAndTheRoutes() throws IOException {
        JsonNode app = Kustomize.YAML.readTree(Path.of("src/main/resources/application.yaml").toFile());
        JsonNode pod = KubernetesManifestsTest.deployment().at("/spec/template/spec");
        Duration preStop = Duration.ofSeconds(pod.at("/containers/0/lifecycle/preStop/sleep/seconds").asLong());
        Duration web = DurationStyle.detectAndParse(app.at("/spring/lifecycle/timeout-per-shutdown-phase").asText());
        Duration routes = Duration.ofSeconds(app.at("/camel/main/shutdown-timeout").asLong());
        Duration grace = Duration.ofSeconds(pod.path("terminationGracePeriodSeconds").asLong());

        assertThat(app.at("/server/shutdown").asText()).isEqualTo("graceful");
        assertThat(preStop).isEqualTo(Duration.ofSeconds(10));
        assertThat(web).isEqualTo(Duration.ofSeconds(20));
        assertThat(routes).isEqualTo(Duration.ofSeconds(20));
        assertThat(grace).isEqualTo(preStop.plus(web).plus(routes).plus(MARGIN));

        JsonNode compose = Kustomize.YAML.readTree(Path.of("docker/compose.yaml").toFile());
        Duration composeGrace = DurationStyle.detectAndParse(compose.at("/services/relink/stop_grace_period").asText());
        assertThat(composeGrace).isEqualTo(web.plus(routes).plus(MARGIN));
    }
}
