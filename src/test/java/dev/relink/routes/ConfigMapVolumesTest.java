package dev.relink.routes;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

import dev.relink.support.ConfigMapVolume;
import dev.relink.support.RelinkOnConfigMaps;
import dev.relink.support.TempDirectories;

/**
 * The hub as the production overlay runs it: routes/ and templates/ are ConfigMap volumes
 * (docker/kubernetes/overlays/production/flows.yaml; {@link RelinkOnConfigMaps} mounts them). Every shipped
 * route runs from them, and an update of a ConfigMap in place, which the kubelet writes as a swap of the
 * {@code ..data} link, is seen and applied by the watcher like any edit. The ConfigMaps' new contents are
 * edited in a copy of the shipped files ({@code SOURCE}), as in the repository an overlay's {@code files:} name.
 */
@ExtendWith(OutputCaptureExtension.class)
class ConfigMapVolumesTest extends RelinkOnConfigMaps {

    static final Path SOURCE = OpsEdits.copyShipped(TempDirectories.create("relink-configmap-source-"));

    @Test
    void everyShippedRouteRunsAndAnUpdatedConfigMapApplies(CapturedOutput output) throws IOException {
        assertThat(camel.getRoutes()).hasSize((int) shippedRoutes());
        Path subject = Path.of("token_required/es/email-subject.mustache");

        Files.writeString(SOURCE.resolve("templates").resolve(subject), "Tu banco necesita tu ayuda");
        ConfigMapVolume.update(FOLDERS.resolve("templates"), SOURCE.resolve("templates"));
        Path poll = SOURCE.resolve("routes/detect-poll.yaml");
        Files.writeString(poll, Files.readString(poll) + "# edited in its ConfigMap\n");
        ConfigMapVolume.update(FOLDERS.resolve("routes"), SOURCE.resolve("routes"));

        await().atMost(Duration.ofSeconds(60)).until(() -> output.getAll().contains("Edit applied: [detect-poll.yaml] replaced"));
        await().atMost(Duration.ofSeconds(60)).until(() -> OpsEdits.read(templates.dir().resolve(subject.toString())),
                "Tu banco necesita tu ayuda"::equals);
        assertThat(camel.getRoutes()).hasSize((int) shippedRoutes());
        // every route runs but those off until a setting turns them on (email.read-bounces: relink.mail.bounces.enabled)
        assertThat(camel.getRoutes()).filteredOn(route -> route.isAutoStartup()).hasSize((int) shippedRoutes() - 1)
                .allSatisfy(route -> assertThat(camel.getRouteController().getRouteStatus(route.getRouteId()).isStarted())
                        .isTrue());
    }
}
