package dev.relink.sandbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import jakarta.mail.Message;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.ConfigurableApplicationContext;

import dev.relink.RelinkApplication;
import dev.relink.support.FreePorts;
import dev.relink.support.RelinkHttp;
import dev.relink.support.TempDirectories;

/**
 * The local profile next to the user's own mail server: pointed at it, Relink sends there and starts no
 * SMTP server of its own; a port that is taken stops startup with one line naming it and the setting.
 */
@ExtendWith(OutputCaptureExtension.class)
class OwnMailServerTest {

    /** The local profile on a free HTTP port with a data directory of its own, and these settings on top. */
    static ConfigurableApplicationContext startLocal(Map<String, Object> settings) throws IOException {
        Map<String, Object> all = new LinkedHashMap<>(Map.of("server.port", FreePorts.next(),
                "relink.data-dir", TempDirectories.create("relink-mail-"), "relink.poll.cron", "0 0 0 1 1 ? 2099"));
        all.putAll(settings);
        return new SpringApplicationBuilder(RelinkApplication.class).profiles("local").run(all.entrySet().stream()
                .map(setting -> "--" + setting.getKey() + "=" + setting.getValue()).toArray(String[]::new));
    }

    @Test
    void pointedAtTheUsersSmtpServerRelinkSendsThereAndStartsNoEmbeddedOne(CapturedOutput output) throws Exception {
        int ownPort = FreePorts.next();
        GreenMail own = new GreenMail(new ServerSetup(ownPort, "127.0.0.1", ServerSetup.PROTOCOL_SMTP));
        own.start();
        // relink.sandbox.smtp-port keeps its default (3025): the embedded server would take it if it started
        try (ConfigurableApplicationContext app = startLocal(Map.of("relink.mail.host", "localhost",
                "relink.mail.port", ownPort))) {
            assertThat(app.getBeanProvider(GreenMail.class).getIfAvailable()).as("embedded SMTP server").isNull();
            assertThat(output.getOut()).contains("Mail goes to your SMTP server:    localhost:" + ownPort);

            RelinkHttp relink = new RelinkHttp(app.getEnvironment().getProperty("local.server.port", Integer.class));
            relink.putContact("own-smtp-user", Map.of("email", "own-smtp-user@example.com"));
            relink.breakLink("own-smtp-user", "heimdall_mx_retail", "token_required");

            await().atMost(Duration.ofSeconds(60)).until(() -> Arrays.stream(own.getReceivedMessages())
                    .anyMatch(mail -> recipient(mail).equals("own-smtp-user@example.com")));
            assertThat(relink.send(relink.plain("/sandbox/outbox")).body())
                    .contains("Email goes to your own SMTP server at localhost:" + ownPort);
        } finally {
            own.stop();
        }
    }

    @Test
    void aTakenEmbeddedSmtpPortStopsStartupWithOneLineNamingItAndTheSetting(CapturedOutput output) throws Exception {
        try (ServerSocket taken = new ServerSocket()) {
            taken.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
            int port = taken.getLocalPort();

            assertThatThrownBy(() -> startLocal(Map.of("relink.sandbox.smtp-port", port)).close())
                    .hasRootCauseInstanceOf(SandboxSmtpPortTaken.class);

            assertThat(output.getOut() + output.getErr())
                    .contains("APPLICATION FAILED TO START")
                    .contains("cannot listen on 127.0.0.1:" + port + ": the port is in use. Set relink.sandbox.smtp-port")
                    .doesNotContain("startup timeout")
                    .doesNotContain("at com.icegreen");
        }
    }

    @Test
    void aTakenHttpPortStopsStartupNamingItAndServerPort(CapturedOutput output) throws Exception {
        try (ServerSocket taken = new ServerSocket(0)) {
            int port = taken.getLocalPort();

            assertThatThrownBy(() -> startLocal(Map.of("server.port", port,
                    "relink.sandbox.smtp-port", FreePorts.next())).close())
                    .isNotNull();

            assertThat(output.getOut() + output.getErr())
                    .contains("Relink cannot listen for HTTP on port " + port + ": the port is in use. Set server.port");
        }
    }

    private static String recipient(jakarta.mail.internet.MimeMessage mail) {
        try {
            return mail.getRecipients(Message.RecipientType.TO)[0].toString();
        } catch (jakarta.mail.MessagingException unreadable) {
            throw new IllegalStateException(unreadable);
        }
    }
}
