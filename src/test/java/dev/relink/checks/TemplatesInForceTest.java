package dev.relink.checks;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

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
}
