package dev.relink.support;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Free TCP ports for the servers a test starts later (the app, its SMTP server, a jar). Picked below
 * Linux's ephemeral range (32768–60999), so no outgoing connection's source port takes one between the
 * pick and the bind, and from a range of each test JVM's own ({@code relink.test.fork}, surefire's fork
 * number), one after another, so two forks never pick the same port and one fork never picks it twice.
 * Spring's {@code TestSocketUtils} picks at random from 1024–65535: with two forks and their HTTP and JDBC
 * clients, a context once failed to start on an SMTP port taken by the time GreenMail bound it.
 */
public final class FreePorts {

    private static final int SPAN = 5_000;
    private static final int FIRST = 10_000 + (Integer.getInteger("relink.test.fork", 1) - 1) % 4 * SPAN;
    private static final AtomicInteger NEXT = new AtomicInteger();

    private FreePorts() {
    }

    public static int next() {
        for (int tried = 0; tried < SPAN; tried++) {
            int port = FIRST + NEXT.getAndIncrement() % SPAN;
            if (free(port)) {
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
}
