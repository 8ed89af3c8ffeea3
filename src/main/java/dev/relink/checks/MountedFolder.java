package dev.relink.checks;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileVisitOption;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.stream.Stream;

/**
 * A folder of routes or templates as the hub reads it, also when it is a Kubernetes ConfigMap volume:
 * there every entry is a symbolic link into {@code ..data}, itself a link to a timestamped folder
 * {@code ..2026_12_07_...} that the kubelet swaps atomically on an update. So links are followed, and
 * the kubelet's own {@code ..}-entries are skipped (else each file would be read three times, two of
 * them under names that change at every update).
 */
public final class MountedFolder {

    private MountedFolder() {
    }

    /** The entries directly in {@code dir}, without the kubelet's. */
    public static List<Path> entries(Path dir) throws IOException {
        try (Stream<Path> list = Files.list(dir)) {
            return list.filter(entry -> !kubelets(entry)).toList();
        }
    }

    /** Every file under {@code dir} (links followed), as a path relative to it. */
    public static List<Path> files(Path dir) {
        List<Path> files = new ArrayList<>();
        try {
            Files.walkFileTree(dir, EnumSet.of(FileVisitOption.FOLLOW_LINKS), Integer.MAX_VALUE, new SimpleFileVisitor<>() {
                @Override
                public FileVisitResult preVisitDirectory(Path folder, BasicFileAttributes attributes) {
                    return kubelets(folder) ? FileVisitResult.SKIP_SUBTREE : FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult visitFile(Path file, BasicFileAttributes attributes) {
                    if (attributes.isRegularFile() && !kubelets(file)) {
                        files.add(dir.relativize(file));
                    }
                    return FileVisitResult.CONTINUE;
                }
            });
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read " + dir, e);
        }
        return files;
    }

    private static boolean kubelets(Path entry) {
        return entry.getFileName() != null && entry.getFileName().toString().startsWith("..");
    }
}
