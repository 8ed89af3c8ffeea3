package dev.relink.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/** Belvo's documented payloads, kept in src/test/resources/belvo-examples so a clone needs nothing beside it. */
public final class BelvoExamples {

    public static final Path DIRECTORY = directory();

    private BelvoExamples() {
    }

    public static String read(String file) {
        try {
            return Files.readString(DIRECTORY.resolve(file), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Path directory() {
        try {
            return Path.of(BelvoExamples.class.getResource("/belvo-examples/README.md").toURI()).getParent();
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }
}
