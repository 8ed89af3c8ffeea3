package dev.relink.checks;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

import jakarta.annotation.PreDestroy;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

/**
 * The prompt templates in force: a copy of {@code relink.templates-dir} as it was when it last passed
 * the checks (at start-up, then at each edit the watcher applied). Prompts are rendered from this
 * copy, so an edit that does not pass never reaches a user, and one that passes applies to the next
 * prompt without a restart.
 */
@Component
public class TemplatesInForce {

    private final Path source;
    private volatile Path current;
    private Path previous;

    TemplatesInForce(@Value("${relink.templates-dir:./templates}") Path source) {
        this.source = source;
        this.current = copy();
    }

    /** The folder to read templates from. */
    public Path dir() {
        return current;
    }

    /** Takes the templates as they are now in {@code relink.templates-dir} (they passed the checks). */
    public synchronized void apply() {
        Path next = copy();
        delete(previous); // the one before the current: no prompt is still reading it
        previous = current;
        current = next;
    }

    /** The copies live in the temp folder only while the app runs. */
    @PreDestroy
    synchronized void deleteCopies() {
        delete(previous);
        delete(current);
    }

    private Path copy() {
        if (!Files.isDirectory(source)) {
            return source;
        }
        try {
            Path target = Files.createTempDirectory("relink-templates-");
            for (Path file : MountedFolder.files(source)) {
                Path copy = target.resolve(file.toString());
                Files.createDirectories(copy.getParent());
                Files.copy(source.resolve(file), copy);
            }
            return target;
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot copy the templates of " + source, e);
        }
    }

    private void delete(Path dir) {
        if (dir == null || dir.equals(source)) {
            return;
        }
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path file : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(file);
            }
        } catch (IOException e) {
            // a stale copy in the temp folder is harmless
        }
    }
}
