package dev.relink.checks;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import dev.relink.support.ConfigMapVolume;

/** The templates in force are a copy in the temp folder, taken again at each edit and removed at stop. */
class TemplatesInForceTest {

    @Test
    void readsFromACopyThatAnEditReplacesAndTheStopDeletes(@TempDir Path source) throws IOException {
        Files.writeString(source.resolve("subject.txt"), "first");
        TemplatesInForce templates = new TemplatesInForce(source);
        Path first = templates.dir();

        Files.writeString(source.resolve("subject.txt"), "second");
        templates.apply();
        Path second = templates.dir();

        assertThat(first).isNotEqualTo(source);
        assertThat(Files.readString(first.resolve("subject.txt"))).isEqualTo("first");
        assertThat(Files.readString(second.resolve("subject.txt"))).isEqualTo("second");

        templates.deleteCopies();

        assertThat(first).doesNotExist();
        assertThat(second).doesNotExist();
        assertThat(source.resolve("subject.txt")).hasContent("second");
    }

    /** On Kubernetes the templates are a ConfigMap volume: links into the kubelet's {@code ..data}, swapped at an update. */
    @Test
    void copiesAConfigMapVolumeByTheTemplatesPathsAndTakesItsUpdate(@TempDir Path dir) throws IOException {
        Path shipped = dir.resolve("shipped");
        Files.createDirectories(shipped.resolve("token_required/es"));
        Files.writeString(shipped.resolve("token_required/es/sms.mustache"), "first");
        Files.writeString(shipped.resolve("signals.yaml"), "webhooks: {}");
        Path volume = ConfigMapVolume.of(shipped, dir.resolve("volume"));
        TemplatesInForce templates = new TemplatesInForce(volume);

        assertThat(templates.dir().resolve("token_required/es/sms.mustache")).hasContent("first");
        assertThat(templates.dir().resolve("signals.yaml")).hasContent("webhooks: {}");
        try (var entries = Files.list(templates.dir())) {
            assertThat(entries.map(entry -> entry.getFileName().toString())).containsExactlyInAnyOrder("token_required",
                    "signals.yaml");
        }

        Files.writeString(shipped.resolve("token_required/es/sms.mustache"), "second");
        ConfigMapVolume.update(volume, shipped);
        templates.apply();

        assertThat(templates.dir().resolve("token_required/es/sms.mustache")).hasContent("second");
        templates.deleteCopies();
    }
}
