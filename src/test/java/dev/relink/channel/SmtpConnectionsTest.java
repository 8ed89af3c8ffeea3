package dev.relink.channel;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import jakarta.mail.internet.MimeMessage;
import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import dev.relink.support.FreePorts;
import dev.relink.support.ScriptedSmtpServer;

/**
 * The smtp component as Relink configures it (its connections in {@link PooledMailSender}) against an SMTP
 * server that counts its connections and answers on cue.
 */
class SmtpConnectionsTest {

    private ScriptedSmtpServer server;
    private CamelContext camel;

    @BeforeEach
    void start() throws Exception {
        server = ScriptedSmtpServer.start(FreePorts.next());
        camel = SmtpChannelTest.camel(SmtpChannelTest.settings(server.port(), null, null, false, 4));
    }

    @AfterEach
    void stop() throws Exception {
        camel.close();
        server.close();
    }

    @Test
    void tenEmailsOneAfterAnotherGoOverOneConnection() throws Exception {
        for (int i = 0; i < 10; i++) {
            assertThat(send("ana" + i + "@example.com").getException()).isNull();
        }

        assertThat(server.arrivals()).hasSize(10);
        assertThat(server.connectionsOpened()).as("camel-mail's own sender opened one per email").isEqualTo(1);
    }

    @Test
    void anEmailOnAKeptConnectionCostsItsFourRoundTripsAndNoCheckOfTheConnection() throws Exception {
        for (int i = 0; i < 10; i++) {
            assertThat(send("kept" + i + "@example.com").getException()).isNull();
        }

        assertThat(server.commands("MAIL")).isEqualTo(10);
        assertThat(server.commands("RCPT")).isEqualTo(10);
        assertThat(server.commands("DATA")).isEqualTo(10);
        assertThat(server.commands("EHLO")).as("one connection, greeted once").isEqualTo(1);
        assertThat(server.commands("NOOP")).as("a round trip per email to ask whether the connection is alive").isZero();
        assertThat(server.commands("RSET")).isZero();
    }

    @Test
    void fortyEmailsFromEightThreadsShareAtMostTheFourConnectionsOfTheSetting() throws Exception {
        ExecutorService threads = Executors.newFixedThreadPool(8);
        List<Future<Exchange>> sent = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            String to = "many" + i + "@example.com";
            sent.add(threads.submit(() -> send(to)));
        }
        for (Future<Exchange> exchange : sent) {
            assertThat(exchange.get().getException()).isNull();
        }
        threads.shutdown();

        assertThat(server.arrivals()).hasSize(40);
        assertThat(server.connectionsOpened()).isBetween(1, 4);
    }

    @Test
    void aConnectionTheServerDroppedIsReopenedAndTheNextEmailStillGoesOut() throws Exception {
        assertThat(send("before@example.com").getException()).isNull();
        server.dropConnections();

        assertThat(send("after@example.com").getException()).isNull();
        assertThat(send("after-2@example.com").getException()).isNull();

        assertThat(server.received("after@example.com")).isEqualTo(1);
        assertThat(server.received("after-2@example.com")).isEqualTo(1);
        assertThat(server.connectionsOpened()).isEqualTo(2);
    }

    @Test
    void aConnectionLeftIdleIsClosedAndTheNextEmailOpensAnother() throws Exception {
        camel.close();
        MailSettings idleQuickly = SmtpChannelTest.settings(server.port(), null, null, false, 4);
        camel = SmtpChannelTest.camel(new MailSettings(idleQuickly.host(), idleQuickly.port(), null, null,
                idleQuickly.from(), null, false, false, idleQuickly.connectTimeout(), idleQuickly.readTimeout(),
                idleQuickly.writeTimeout(), 4, Duration.ofMillis(200), idleQuickly.busyPatience()));
        assertThat(send("first@example.com").getException()).isNull();

        await().atMost(Duration.ofSeconds(10)).until(() -> server.connectionsOpen() == 0);
        assertThat(send("second@example.com").getException()).isNull();

        assertThat(server.connectionsOpened()).isEqualTo(2);
        assertThat(server.arrivals()).hasSize(2);
    }

    @Test
    void aBusyServerIsWaitedOutAndTheEmailGoesOutAfterThePause() throws Exception {
        server.busyFor(Duration.ofMillis(500));
        long started = System.currentTimeMillis();

        assertThat(send("patient@example.com").getException()).isNull();

        assertThat(server.busyAnswers()).isEqualTo(1);
        assertThat(server.received("patient@example.com")).isEqualTo(1);
        assertThat(server.arrivals().get(0).at() - started).as("sent again after the first pause, not at once")
                .isGreaterThanOrEqualTo(SmtpPace.FIRST_PAUSE.toMillis());
    }

    @Test
    void aRecipientRefusedFailsThatEmailOnlyWithTheCodeButNotTheAddress() throws Exception {
        server.refuse("gone@example.com", "550 5.1.1 <gone@example.com>: Recipient address rejected: User unknown");

        Exception refused = send("gone@example.com").getException();
        assertThat(send("here@example.com").getException()).isNull();

        assertThat(refused).isInstanceOf(SmtpRefusedException.class).hasMessageContaining("550 5.1.1")
                .hasMessageNotContaining("gone@example.com");
        assertThat(server.recipientTried("gone@example.com")).as("not retried").isEqualTo(1);
        assertThat(server.received("here@example.com")).isEqualTo(1);
    }

    private Exchange send(String to) throws Exception {
        MimeMessage message = SmtpChannelTest.email(to);
        return camel.createProducerTemplate().send("smtp://127.0.0.1:" + server.port(),
                exchange -> exchange.getMessage().setBody(message));
    }
}
