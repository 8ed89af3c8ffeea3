package dev.relink.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.jar.JarFile;
import java.util.zip.ZipEntry;

import org.junit.jupiter.api.Test;

import dev.relink.support.JarProcess;

/**
 * What {@code target/relink.jar} (and so the image, which copies only it) ships: the product, not the
 * emulator beside it. The Belvo emulator, its stand-in widget and portal, the outbox and the embedded
 * SMTP server live in src/sandbox, on the test classpath only; GreenMail, which brought JUnit 4 along, is
 * a test dependency.
 */
class ProductJarIT {

    @Test
    void theJarHoldsNoEmulatorNoGreenMailAndNoJUnit() throws Exception {
        List<String> entries;
        try (JarFile jar = new JarFile(JarProcess.JAR.toFile())) {
            entries = jar.stream().map(ZipEntry::getName).toList();
        }

        assertThat(entries).as("the product itself is there").contains("BOOT-INF/classes/dev/relink/RelinkApplication.class",
                "BOOT-INF/classes/application.yaml");
        assertThat(entries).as("no emulator class").noneMatch(name -> name.startsWith("BOOT-INF/classes/dev/relink/sandbox/"));
        assertThat(entries).as("no stand-in widget or portal, no outbox page")
                .noneMatch(name -> name.startsWith("BOOT-INF/classes/static/sandbox/"))
                .noneMatch(name -> name.startsWith("BOOT-INF/classes/templates/sandbox/"));
        assertThat(entries).as("no GreenMail, no JUnit")
                .noneMatch(name -> name.startsWith("BOOT-INF/lib/greenmail"))
                .noneMatch(name -> name.startsWith("BOOT-INF/lib/junit"));
    }

    @Test
    void theJarNamesNoEmulatorClassForSpringToLoad() throws Exception {
        try (JarFile jar = new JarFile(JarProcess.JAR.toFile())) {
            // the repackaged jar keeps the app's META-INF at its root
            String factories = new String(jar.getInputStream(jar.getEntry("META-INF/spring.factories"))
                    .readAllBytes(), StandardCharsets.UTF_8);
            assertThat(factories).contains("dev.relink.config.RefusedStartFailureAnalyzer").doesNotContain("dev.relink.sandbox");
        }
    }
}
