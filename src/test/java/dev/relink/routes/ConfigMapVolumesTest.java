package dev.relink.routes;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.stream.Stream;

import org.apache.camel.CamelContext;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import dev.relink.checks.TemplatesInForce;
import dev.relink.support.RelinkIntegrationTest;
import dev.relink.support.ConfigMapVolume;

/**
 * The hub as the production overlay runs it: routes/ and templates/ are ConfigMap volumes
 * (docker/kubernetes/overlays/production/flows.yaml). Every shipped route runs from them, and an
 * update of a ConfigMap in place, which the kubelet writes as a swap of the {@code ..data} link, is
 * seen and applied by the watcher like any edit.
 */
@ExtendWith(OutputCaptureExtension.class)
class ConfigMapVolumesTest extends RelinkIntegrationTest {

    static final Path DIR;
    static final Path SHIPPED;

    static {
        try {
            DIR = Files.createTempDirectory("relink-configmaps-");
            SHIPPED = OpsEdits.copyShipped(DIR.resolve("shipped"));
            ConfigMapVolume.of(SHIPPED.resolve("routes"), DIR.resolve("mounted/routes"));
            ConfigMapVolume.of(SHIPPED.resolve("templates"), DIR.resolve("mounted/templates"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @DynamicPropertySource
    static void configMapVolumes(DynamicPropertyRegistry registry) {
        OpsEdits.watched(registry, DIR.resolve("mounted"));
    }

    @Autowired
    CamelContext camel;

    @Autowired
    TemplatesInForce templates;

    @Test
    void everyShippedRouteRunsAndAnUpdatedConfigMapApplies(CapturedOutput output) throws IOException {
        assertThat(camel.getRoutes()).hasSize((int) shippedRoutes());
        Path subject = Path.of("token_required/es/email-subject.mustache");

        Files.writeString(SHIPPED.resolve("templates").resolve(subject), "Tu banco necesita tu ayuda");
        ConfigMapVolume.update(DIR.resolve("mounted/templates"), SHIPPED.resolve("templates"));
        Path poll = SHIPPED.resolve("routes/detect-poll.yaml");
        Files.writeString(poll, Files.readString(poll) + "# edited in its ConfigMap\n");
        ConfigMapVolume.update(DIR.resolve("mounted/routes"), SHIPPED.resolve("routes"));

        await().atMost(Duration.ofSeconds(60)).until(() -> output.getAll().contains("Edit applied: [detect-poll.yaml] replaced"));
        await().atMost(Duration.ofSeconds(60)).until(() -> OpsEdits.read(templates.dir().resolve(subject.toString())),
                "Tu banco necesita tu ayuda"::equals);
        assertThat(camel.getRoutes()).hasSize((int) shippedRoutes());
        // every route runs but those off until a setting turns them on (email.read-bounces: relink.mail.bounces.enabled)
        assertThat(camel.getRoutes()).filteredOn(route -> route.isAutoStartup()).hasSize((int) shippedRoutes() - 1)
                .allSatisfy(route -> assertThat(camel.getRouteController().getRouteStatus(route.getRouteId()).isStarted())
                        .isTrue());
    }

    private static long shippedRoutes() throws IOException {
        try (Stream<Path> files = Files.list(SHIPPED.resolve("routes"))) {
            return files.mapToLong(file -> OpsEdits.routesIn(OpsEdits.read(file))).sum();
        }
    }
}
