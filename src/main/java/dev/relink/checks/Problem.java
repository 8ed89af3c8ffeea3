package dev.relink.checks;

import java.nio.file.Path;

/**
 * One mistake in a file ops edit, located the way compilers, linters and CI annotations expect:
 * {@code file:line:column: error: message}. Lines and columns count from 1; 0 means "the whole file".
 */
public record Problem(Path file, int line, int column, String message) {

    public Problem {
        message = message == null ? "" : message.strip().replaceAll("\\s*[\\r\\n]+\\s*", " ");
        column = line > 0 ? Math.max(column, 1) : 0;
    }

    public static Problem inFile(Path file, String message) {
        return new Problem(file, 0, 0, message);
    }

    @Override
    public String toString() {
        return file + ":" + line + ":" + column + ": error: " + message;
    }
}
