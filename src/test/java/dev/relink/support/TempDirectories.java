package dev.relink.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Stream;

/**
 * Temporary folders for the apps the tests and benchmarks start (their H2 files, copied routes), deleted
 * when the JVM exits: a test run leaves nothing behind, where each booted app used to leave up to
 * hundreds of MB (a benchmark's database, gigabytes) in the temp folder.
 */
public final class TempDirectories {

    private static final List<Path> CREATED = new CopyOnWriteArrayList<>();

    static {
        Runtime.getRuntime().addShutdownHook(new Thread(() -> CREATED.forEach(TempDirectories::delete),
                "relink-test-temp-cleanup"));
    }

    private TempDirectories() {
    }

    /** A new empty folder in the temp folder, named with {@code prefix}, deleted at JVM exit. */
    public static Path create(String prefix) {
        try {
            Path dir = Files.createTempDirectory(prefix);
            CREATED.add(dir);
            return dir;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Deletes the folder and everything in it; what cannot be deleted (still open elsewhere) stays. */
    public static void delete(Path dir) {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> files = Files.walk(dir)) {
            files.sorted(Comparator.reverseOrder()).forEach(file -> file.toFile().delete());
        } catch (IOException | UncheckedIOException ignored) {
            // a file removed meanwhile (an app closing its database): nothing left to do
        }
    }
}
