package dev.relink.bench;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import com.icegreen.greenmail.configuration.GreenMailConfiguration;
import com.icegreen.greenmail.store.StoredMessage;
import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import org.slf4j.LoggerFactory;

/**
 * The burst benchmark's SMTP server, run as a process of its own (so its CPU and heap are not the
 * app's): GreenMail on loopback, any login accepted, every message kept with the time it arrived.
 * Commands on standard input, answers on standard output: {@code count} answers {@code count N};
 * {@code dump FILE} writes one line per message ({@code arrival-epoch-ms recipient}) and answers
 * {@code dumped N}.
 */
public final class SmtpSink {

    private SmtpSink() {
    }

    /** Argument: the SMTP port. */
    public static void main(String[] args) throws IOException, MessagingException {
        ((ch.qos.logback.classic.Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME))
                .setLevel(ch.qos.logback.classic.Level.WARN);
        GreenMail smtp = new GreenMail(new ServerSetup(Integer.parseInt(args[0]), "127.0.0.1", ServerSetup.PROTOCOL_SMTP))
                .withConfiguration(GreenMailConfiguration.aConfig().withDisabledAuthentication());
        smtp.start();
        PrintWriter out = new PrintWriter(System.out, true, StandardCharsets.UTF_8);
        out.println("ready");
        BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
        for (String line = in.readLine(); line != null && !line.equals("stop"); line = in.readLine()) {
            List<StoredMessage> messages = smtp.getManagers().getImapHostManager().getAllMessages();
            if (line.startsWith("dump ")) {
                StringBuilder dump = new StringBuilder();
                for (StoredMessage message : messages) {
                    dump.append(message.getReceivedDate().getTime()).append(' ')
                            .append(message.getMimeMessage().getRecipients(Message.RecipientType.TO)[0]).append('\n');
                }
                Files.writeString(Path.of(line.substring(5)), dump);
                out.println("dumped " + messages.size());
            } else {
                out.println("count " + messages.size());
            }
        }
        smtp.stop();
    }
}
