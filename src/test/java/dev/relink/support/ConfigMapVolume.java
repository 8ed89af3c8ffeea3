package dev.relink.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;

import org.springframework.util.FileSystemUtils;

/**
 * A folder laid out as the kubelet lays out a ConfigMap volume (its AtomicWriter): the files in a
 * timestamped folder {@code ..2026_12_07_12_00_00.1}, {@code ..data} a link to it, and each top-level
 * entry a link through {@code ..data}. An update writes a new timestamped folder and renames a new
 * {@code ..data} link over the old one, so a reader sees the old files or the new, never a mix.
 */
public final class ConfigMapVolume {

    private static final AtomicInteger VERSIONS = new AtomicInteger();

    private ConfigMapVolume() {
    }

    /** {@code mount} made a ConfigMap volume holding the files of {@code source}. */
    public static Path of(Path source, Path mount) {
        try {
            Files.createDirectories(mount);
            Path version = write(source, mount);
            Files.createSymbolicLink(mount.resolve("..data"), version.getFileName());
            try (Stream<Path> entries = Files.list(version)) {
                for (Path entry : entries.toList()) {
                    Files.createSymbolicLink(mount.resolve(entry.getFileName().toString()),
                            Path.of("..data").resolve(entry.getFileName().toString()));
                }
            }
            return mount;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The ConfigMap updated to the files of {@code source}, swapped in as the kubelet does (same top-level entries). */
    public static void update(Path mount, Path source) {
        try {
            Path old = mount.resolve("..data").toRealPath();
            Path version = write(source, mount);
            Path link = Files.createSymbolicLink(mount.resolve("..data_tmp"), version.getFileName());
            Files.move(link, mount.resolve("..data"), StandardCopyOption.ATOMIC_MOVE);
            FileSystemUtils.deleteRecursively(old);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Path write(Path source, Path mount) {
        Path version = mount.resolve("..2026_12_07_12_00_00." + VERSIONS.incrementAndGet());
        try {
            FileSystemUtils.copyRecursively(source, version);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return version;
    }
}
