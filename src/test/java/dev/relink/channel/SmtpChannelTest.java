package dev.relink.channel;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import jakarta.mail.internet.MimeMessage;
import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.impl.DefaultCamelContext;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import dev.relink.repair.RepairTokens;
import dev.relink.support.FreePorts;

/** The smtp component as Relink configures it, against a real SMTP server that requires a login. */
class SmtpChannelTest {

    private static final String PASSWORD = "s3cret-smtp-password";

    private GreenMail server;
    private int port;

    @BeforeEach
    void server() {
        port = FreePorts.next();
        server = new GreenMail(new ServerSetup(port, "127.0.0.1", ServerSetup.PROTOCOL_SMTP));
        server.setUser("relink@example.com", "relink", PASSWORD);
        server.start();
    }

    @AfterEach
    void stop() {
        server.stop();
    }

    @Test
    void logsInWithTheConfiguredCredentialsWhichStayOutOfTheEndpointUri() throws Exception {
        try (CamelContext camel = camel(settings("relink", PASSWORD, false))) {
            Exchange sent = send(camel, "ana@example.com");
            assertThat(sent.getException()).isNull();

            MimeMessage received = server.getReceivedMessages()[0];
            assertThat(received.getAllRecipients()[0].toString()).isEqualTo("ana@example.com");
            assertThat(received.getReplyTo()[0].toString()).isEqualTo("help@example.com");
            assertThat(sent.getMessage().getHeader("CamelMailMessageId", String.class)).isEqualTo(received.getMessageID())
                    .endsWith("@example.com>");
            assertThat(camel.getEndpoints()).allSatisfy(endpoint -> assertThat(endpoint.getEndpointUri()).doesNotContain(PASSWORD));
        }
    }

    @Test
    void aWrongPasswordFailsTheSend() throws Exception {
        try (CamelContext camel = camel(settings("relink", "wrong-password", false))) {
            assertThat(send(camel, "ana@example.com").getException()).isNotNull().hasMessageContaining("535");
        }
        assertThat(server.getReceivedMessages()).isEmpty();
    }

    @Test
    void withStarttlsRequiredNothingGoesOutInTheClear() throws Exception {
        try (CamelContext camel = camel(settings("relink", PASSWORD, true))) {
            assertThat(send(camel, "ana@example.com").getException()).isNotNull().hasMessageContaining("STARTTLS");
        }
        assertThat(server.getReceivedMessages()).isEmpty();
    }

    private MailSettings settings(String user, String password, boolean starttls) {
        return settings(port, user, password, starttls, 4);
    }

    static MailSettings settings(int port, String user, String password, boolean starttls, int connections) {
        return new MailSettings("127.0.0.1", port, user, password, "Relink <relink@example.com>", "help@example.com",
                starttls, false, Duration.ofSeconds(5), Duration.ofSeconds(5), Duration.ofSeconds(5), connections,
                Duration.ofSeconds(30), Duration.ofMinutes(1));
    }

    /** A Camel context with the smtp component as Relink configures it; closing it closes the connections. */
    static CamelContext camel(MailSettings settings) {
        PooledMailSender sender = new PooledMailSender(settings, ChannelConfiguration.javaMailProperties(settings));
        CamelContext camel = new DefaultCamelContext();
        camel.addComponent("smtp", new ChannelConfiguration().smtp(settings, sender));
        camel.addLifecycleStrategy(new org.apache.camel.support.LifecycleStrategySupport() {
            @Override
            public void onContextStopped(CamelContext context) {
                sender.close();
            }
        });
        camel.start();
        return camel;
    }

    /** The prompt email to {@code to}, as MailMessages builds it. */
    static MimeMessage email(String to) throws Exception {
        return new MailMessages(settings(25, "x", "y", false, 1),
                new EmailOptOuts(new RepairTokens("test-signing-key", Clock.systemUTC()), "https://relink.example.com"))
                .build(new Send(1, "email", to, "Subject", "<p>html</p>", "text", "user-1"));
    }

    private Exchange send(CamelContext camel, String to) throws Exception {
        MimeMessage message = email(to);
        return camel.createProducerTemplate().send("smtp://127.0.0.1:" + port, exchange -> exchange.getMessage().setBody(message));
    }
}
