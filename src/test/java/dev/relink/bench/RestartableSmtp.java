package dev.relink.bench;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

import com.icegreen.greenmail.configuration.GreenMailConfiguration;
import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;

import dev.relink.support.FreePorts;
import dev.relink.support.Mails;

/**
 * The fault benchmark's SMTP server (GreenMail, any login accepted), which can refuse for a while:
 * stopped, connections to its port are refused; started again on the same port. The recipients of
 * every message it took are kept across restarts.
 */
final class RestartableSmtp implements AutoCloseable {

    private final ServerSetup setup = new ServerSetup(FreePorts.next(), "127.0.0.1",
            ServerSetup.PROTOCOL_SMTP);
    private final List<String> before = new ArrayList<>();
    private GreenMail mail;

    RestartableSmtp() {
        accept();
    }

    int port() {
        return setup.getPort();
    }

    synchronized void refuse() {
        before.addAll(current());
        mail.stop();
        mail = null;
    }

    synchronized void accept() {
        mail = new GreenMail(setup).withConfiguration(GreenMailConfiguration.aConfig().withDisabledAuthentication());
        mail.start();
    }

    /** How many messages each recipient got, over every run of the server. */
    synchronized Map<String, Long> perRecipient() {
        List<String> all = new ArrayList<>(before);
        all.addAll(current());
        return all.stream().collect(Collectors.groupingBy(Function.identity(), Collectors.counting()));
    }

    private List<String> current() {
        return mail == null ? List.of() : Arrays.stream(mail.getReceivedMessages()).map(Mails::recipient).toList();
    }

    @Override
    public synchronized void close() {
        if (mail != null) {
            mail.stop();
        }
    }
}
