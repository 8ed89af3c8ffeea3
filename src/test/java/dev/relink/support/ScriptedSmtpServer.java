package dev.relink.support;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Predicate;

/**
 * A small SMTP server (RFC 5321's commands, no TLS, any login accepted) that answers on cue, for what
 * GreenMail cannot do: answer 421 or 5xx, drop its connections, count them, and answer like a server
 * across the internet ({@code replyDelay} before each reply, {@code greetingDelay} before the greeting of a
 * new connection, written on a timer so that no thread waits). Records each message's recipient and arrival.
 */
public final class ScriptedSmtpServer implements AutoCloseable {

    /** A message as it arrived: when (epoch ms), to whom. */
    public record Arrival(long at, String recipient) {
    }

    private final ServerSocket socket;
    private final Duration replyDelay;
    private final Duration greetingDelay;
    private final ExecutorService connections = Executors.newCachedThreadPool(daemon("smtp-connection"));
    private final ScheduledExecutorService replies = Executors.newSingleThreadScheduledExecutor(daemon("smtp-reply"));
    private final Set<Socket> open = ConcurrentHashMap.newKeySet();
    private final List<Arrival> arrivals = new CopyOnWriteArrayList<>();
    private final Map<String, AtomicInteger> recipientsTried = new ConcurrentHashMap<>();
    private final AtomicInteger opened = new AtomicInteger();
    private final AtomicInteger busyAnswers = new AtomicInteger();
    private final Map<String, AtomicInteger> commands = new ConcurrentHashMap<>();
    private final Map<String, String> refusedRecipients = new ConcurrentHashMap<>();
    private volatile Predicate<Long> busyAt = at -> false;

    private ScriptedSmtpServer(int port, Duration replyDelay, Duration greetingDelay) throws IOException {
        this.socket = new ServerSocket(port, 200, InetAddress.getLoopbackAddress());
        this.replyDelay = replyDelay;
        this.greetingDelay = greetingDelay;
        connections.submit(this::accept);
    }

    /** Answers at once, on loopback {@code port}. */
    public static ScriptedSmtpServer start(int port) throws IOException {
        return new ScriptedSmtpServer(port, Duration.ZERO, Duration.ZERO);
    }

    /** Answers each command {@code replyDelay} late, and greets a new connection {@code greetingDelay} late. */
    public static ScriptedSmtpServer remote(int port, Duration replyDelay, Duration greetingDelay) throws IOException {
        return new ScriptedSmtpServer(port, replyDelay, greetingDelay);
    }

    public int port() {
        return socket.getLocalPort();
    }

    /** For {@code period} from the next MAIL FROM on: MAIL FROM is answered 421 and the connection closed. */
    public void busyFor(Duration period) {
        AtomicLong from = new AtomicLong(-1);
        busyAt = at -> {
            from.compareAndSet(-1, at);
            return at < from.get() + period.toMillis();
        };
    }

    /** RCPT TO this address is answered {@code reply} (a 5xx, say), every time. */
    public void refuse(String recipient, String reply) {
        refusedRecipients.put(recipient.toLowerCase(Locale.ROOT), reply);
    }

    /** Closes every open connection, as a server restarting or timing them out does. */
    public void dropConnections() throws IOException {
        for (Socket connection : open) {
            connection.close();
        }
    }

    public int connectionsOpened() {
        return opened.get();
    }

    /** Connections open now (neither side has closed them). */
    public int connectionsOpen() {
        return open.size();
    }

    public int busyAnswers() {
        return busyAnswers.get();
    }

    /** How often a command (its verb: {@code MAIL}, {@code NOOP}, {@code RSET}, ...) came, over every connection. */
    public int commands(String verb) {
        AtomicInteger count = commands.get(verb.toUpperCase(Locale.ROOT));
        return count == null ? 0 : count.get();
    }

    /** How often RCPT TO named this address. */
    public int recipientTried(String recipient) {
        AtomicInteger tried = recipientsTried.get(recipient.toLowerCase(Locale.ROOT));
        return tried == null ? 0 : tried.get();
    }

    public List<Arrival> arrivals() {
        return List.copyOf(arrivals);
    }

    public long received(String recipient) {
        return arrivals.stream().filter(a -> a.recipient().equalsIgnoreCase(recipient)).count();
    }

    private void accept() {
        while (!socket.isClosed()) {
            try {
                Socket connection = socket.accept();
                opened.incrementAndGet();
                open.add(connection);
                connections.submit(() -> converse(connection));
            } catch (IOException closed) {
                return;
            }
        }
    }

    private void converse(Socket connection) {
        try {
            OutputStream out = connection.getOutputStream();
            BufferedReader in = new BufferedReader(new InputStreamReader(connection.getInputStream(), StandardCharsets.US_ASCII));
            reply(out, greetingDelay, "220 relink-test ESMTP ready");
            String recipient = null;
            for (String line = in.readLine(); line != null; line = in.readLine()) {
                String command = line.toUpperCase(Locale.ROOT);
                commands.computeIfAbsent(command.split(" ", 2)[0], verb -> new AtomicInteger()).incrementAndGet();
                if (command.startsWith("EHLO")) {
                    reply(out, replyDelay, "250-relink-test\r\n250-AUTH PLAIN LOGIN\r\n250 8BITMIME");
                } else if (command.startsWith("HELO") || command.startsWith("RSET") || command.startsWith("NOOP")) {
                    reply(out, replyDelay, "250 OK");
                } else if (command.startsWith("AUTH")) {
                    reply(out, replyDelay, "235 2.7.0 Authentication successful");
                } else if (command.startsWith("MAIL FROM")) {
                    recipient = null;
                    if (busyAt.test(System.currentTimeMillis())) {
                        busyAnswers.incrementAndGet();
                        reply(out, replyDelay, "421 4.7.0 Try again later, closing connection");
                        return;
                    }
                    reply(out, replyDelay, "250 2.1.0 OK");
                } else if (command.startsWith("RCPT TO")) {
                    String to = line.substring(line.indexOf('<') + 1, line.lastIndexOf('>')).toLowerCase(Locale.ROOT);
                    recipientsTried.computeIfAbsent(to, k -> new AtomicInteger()).incrementAndGet();
                    String refusal = refusedRecipients.get(to);
                    if (refusal == null) {
                        recipient = to;
                    }
                    reply(out, replyDelay, refusal != null ? refusal : "250 2.1.5 OK");
                } else if (command.equals("DATA")) {
                    reply(out, replyDelay, "354 End data with <CR><LF>.<CR><LF>");
                    for (String data = in.readLine(); data != null && !data.equals("."); data = in.readLine()) {
                        // the message itself: only its arrival is recorded
                    }
                    arrivals.add(new Arrival(System.currentTimeMillis(), recipient));
                    reply(out, replyDelay, "250 2.0.0 OK queued");
                } else if (command.startsWith("QUIT")) {
                    reply(out, replyDelay, "221 2.0.0 Bye");
                    return;
                } else {
                    reply(out, replyDelay, "502 5.5.2 Command not recognized");
                }
            }
        } catch (IOException dropped) {
            // the client went away, or dropConnections() closed it
        } finally {
            open.remove(connection);
            close(connection);
        }
    }

    /** Writes the reply after {@code delay}, on the timer; the conversation reads on meanwhile (the client waits for it). */
    private void reply(OutputStream out, Duration delay, String reply) throws IOException {
        byte[] bytes = (reply + "\r\n").getBytes(StandardCharsets.US_ASCII);
        if (delay.isZero()) {
            out.write(bytes);
            out.flush();
            return;
        }
        replies.schedule(() -> {
            try {
                out.write(bytes);
                out.flush();
            } catch (IOException gone) {
                // the client closed first
            }
        }, delay.toNanos(), TimeUnit.NANOSECONDS);
    }

    /** Closes the connection once the replies written before it are out (the timer runs them in order). */
    private void close(Socket connection) {
        Runnable close = () -> {
            try {
                connection.close();
            } catch (IOException closedAlready) {
                // nothing left to close
            }
        };
        if (replyDelay.isZero()) {
            close.run();
        } else {
            replies.schedule(close, replyDelay.toNanos(), TimeUnit.NANOSECONDS);
        }
    }

    @Override
    /**
     * Stops listening and drops every connection. Returns once the port is free again: the JDK lets the listening
     * socket go only when the thread blocked in its accept() returns, and a server bound to the port at once (the
     * app's own SMTP server, going back on it) would otherwise find it still taken now and then.
     */
    public void close() throws IOException {
        socket.close();
        dropConnections();
        connections.shutdownNow();
        replies.shutdownNow();
        try {
            if (!connections.awaitTermination(10, TimeUnit.SECONDS)) {
                throw new IOException("port " + socket.getLocalPort() + ": the server's threads did not end");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static ThreadFactory daemon(String name) {
        return runnable -> {
            Thread thread = new Thread(runnable, name);
            thread.setDaemon(true);
            return thread;
        };
    }
}
