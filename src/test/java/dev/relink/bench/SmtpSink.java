package dev.relink.bench;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import com.icegreen.greenmail.configuration.GreenMailConfiguration;
import com.icegreen.greenmail.store.StoredMessage;
import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import org.slf4j.LoggerFactory;

import dev.relink.support.ScriptedSmtpServer;

/**
 * The burst benchmark's SMTP server, run as a process of its own (so its CPU and heap are not the
 * app's), on loopback, any login accepted, every message kept with the time it arrived: GreenMail (a
 * local server), or with {@code remote} a server that answers like a provider across the internet
 * ({@link ScriptedSmtpServer}: each reply {@link #REPLY_DELAY} late, the greeting of each new connection
 * {@link #GREETING_DELAY} late; no TLS, so no TLS cost). Commands on standard input, answers on standard
 * output: {@code count} answers {@code count N}; {@code connections} answers {@code connections N} (-1:
 * GreenMail does not count them); {@code dump FILE} writes one line per message ({@code arrival-epoch-ms
 * recipient}) and answers {@code dumped N}.
 */
public final class SmtpSink {

    static final Duration REPLY_DELAY = Duration.ofMillis(40);
    static final Duration GREETING_DELAY = Duration.ofMillis(120);

    private SmtpSink() {
    }

    /** What the benchmark reads from either server. */
    private interface Server {
        List<String> arrivals() throws MessagingException;

        /** How many messages arrived, without reading them: the benchmarks ask every second or so. */
        int count();

        int connections();

        void stop() throws IOException;
    }

    /** Arguments: the SMTP port, and {@code remote} for the server across the internet. */
    public static void main(String[] args) throws IOException, MessagingException {
        ((ch.qos.logback.classic.Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME))
                .setLevel(ch.qos.logback.classic.Level.WARN);
        int port = Integer.parseInt(args[0]);
        Server smtp = args.length > 1 && args[1].equals("remote") ? remote(port) : local(port);
        PrintWriter out = new PrintWriter(System.out, true, StandardCharsets.UTF_8);
        out.println("ready");
        BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
        // Only a dump reads the messages: a count that read them all (it did) cost a core at 10,000
        // messages, polled every second, and slowed the app it measured.
        for (String line = in.readLine(); line != null && !line.equals("stop"); line = in.readLine()) {
            if (line.startsWith("dump ")) {
                List<String> arrivals = smtp.arrivals();
                Files.write(Path.of(line.substring(5)), arrivals);
                out.println("dumped " + arrivals.size());
            } else if (line.equals("connections")) {
                out.println("connections " + smtp.connections());
            } else {
                out.println("count " + smtp.count());
            }
        }
        smtp.stop();
    }

    private static Server local(int port) {
        GreenMail smtp = new GreenMail(new ServerSetup(port, "127.0.0.1", ServerSetup.PROTOCOL_SMTP))
                .withConfiguration(GreenMailConfiguration.aConfig().withDisabledAuthentication());
        smtp.start();
        return new Server() {
            @Override
            public List<String> arrivals() throws MessagingException {
                List<String> lines = new ArrayList<>();
                for (StoredMessage message : smtp.getManagers().getImapHostManager().getAllMessages()) {
                    lines.add(message.getReceivedDate().getTime() + " "
                            + message.getMimeMessage().getRecipients(Message.RecipientType.TO)[0]);
                }
                return lines;
            }

            @Override
            public int count() {
                return smtp.getManagers().getImapHostManager().getAllMessages().size();
            }

            @Override
            public int connections() {
                return -1;
            }

            @Override
            public void stop() {
                smtp.stop();
            }
        };
    }

    private static Server remote(int port) throws IOException {
        ScriptedSmtpServer smtp = ScriptedSmtpServer.remote(port, REPLY_DELAY, GREETING_DELAY);
        return new Server() {
            @Override
            public List<String> arrivals() {
                return smtp.arrivals().stream().map(arrival -> arrival.at() + " " + arrival.recipient()).toList();
            }

            @Override
            public int count() {
                return smtp.arrivals().size();
            }

            @Override
            public int connections() {
                return smtp.connectionsOpened();
            }

            @Override
            public void stop() throws IOException {
                smtp.close();
            }
        };
    }
}
