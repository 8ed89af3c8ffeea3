package dev.relink.support;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Free TCP ports for the servers a test starts later (the app, its SMTP server, a jar). Picked below
 * Linux's ephemeral range (32768–60999), so no outgoing connection's source port takes one between the
 * pick and the bind, one after another within a JVM, and each held by a file lock until the JVM ends, so
 * two test JVMs side by side (surefire's forks) never hand out the same port. Spring's
 * {@code TestSocketUtils} picks at random from 1024–65535 with nothing held: with two forks, a context
 * once failed to start on an SMTP port taken by the time GreenMail bound it.
 */
public final class FreePorts {

    private static final int FIRST = 10_000;
    private static final int SPAN = 20_000;
    private static final Path LOCKS = Path.of(System.getProperty("java.io.tmpdir"), "relink-test-ports");
    private static final AtomicInteger NEXT = new AtomicInteger(ThreadLocalRandom.current().nextInt(SPAN));
    /** Held until the JVM ends: the lock is what tells the other test JVMs the port is taken. */
    private static final List<FileLock> HELD = new CopyOnWriteArrayList<>();

    private FreePorts() {
    }

    public static int next() {
        for (int tried = 0; tried < SPAN; tried++) {
            int port = FIRST + NEXT.getAndIncrement() % SPAN;
            if (free(port) && claimed(port)) {
                return port;
            }
        }
        throw new IllegalStateException("no free port in " + FIRST + "–" + (FIRST + SPAN - 1));
    }

    private static boolean free(int port) {
        try (ServerSocket socket = new ServerSocket(port, 1, InetAddress.getByName("localhost"))) {
            return true;
        } catch (IOException taken) {
            return false;
        }
    }

    private static boolean claimed(int port) {
        FileChannel channel = null;
        try {
            Files.createDirectories(LOCKS);
            channel = FileChannel.open(LOCKS.resolve(port + ".lock"), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
            FileLock lock = channel.tryLock();
            if (lock != null) {
                HELD.add(lock);
                return true;
            }
        } catch (OverlappingFileLockException | IOException another) {
            // held by this JVM already, or unreadable: another port
        }
        close(channel);
        return false;
    }

    private static void close(FileChannel channel) {
        if (channel != null) {
            try {
                channel.close();
            } catch (IOException ignored) {
                // nothing was held on it
            }
        }
    }
}
