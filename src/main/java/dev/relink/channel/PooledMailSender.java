package dev.relink.channel;

import java.time.Duration;
import java.util.Date;
import java.util.Properties;

import jakarta.mail.MessagingException;
import jakarta.mail.PasswordAuthentication;
import jakarta.mail.Transport;
import jakarta.mail.internet.MimeMessage;

import org.apache.camel.component.mail.DefaultJavaMailSender;
import org.apache.commons.pool2.BasePooledObjectFactory;
import org.apache.commons.pool2.PooledObject;
import org.apache.commons.pool2.impl.DefaultPooledObject;
import org.apache.commons.pool2.impl.GenericObjectPool;
import org.apache.commons.pool2.impl.GenericObjectPoolConfig;
import org.eclipse.angus.mail.smtp.SMTPTransport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Camel's mail sender with its SMTP connections kept open: camel-mail's own opens a connection for each
 * message and closes it after (greeting, EHLO, STARTTLS, login and QUIT for every email: 4 of its 9 round
 * trips). This one keeps up to {@code relink.mail.connections} Jakarta Mail transports open in a pool
 * (Apache Commons Pool), each reused message after message, and sends at the pace the server allows
 * ({@link SmtpPace}):
 * <ul>
 * <li>a connection that fails (the server closed it, a reply never came) is closed and the message is
 * sent once more, at once, on a new one; a second failure goes to policy smtp as before;
 * <li>a busy answer (4xx) slows every send down and tries the message again later, for up to
 * {@code relink.mail.busy-patience}, so a throttled provider delays a batch instead of dead-lettering it;
 * <li>a 5xx to the message's recipient or content fails that message only ({@link SmtpRefusedException}).
 * </ul>
 * After any failure the connection is closed, not reused: Angus Mail may have closed it already.
 */
class PooledMailSender extends DefaultJavaMailSender implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(PooledMailSender.class);

    private final GenericObjectPool<Transport> pool;
    private final SmtpPace pace;
    private final Duration busyPatience;
    private final int connections;

    PooledMailSender(MailSettings mail, Properties javaMailProperties) {
        setHost(mail.host());
        setPort(mail.port());
        setProtocol("smtp");
        if (mail.username() != null && !mail.username().isBlank()) {
            setUsername(mail.username());
            setPassword(mail.password());
        }
        setJavaMailProperties(javaMailProperties);
        GenericObjectPoolConfig<Transport> config = new GenericObjectPoolConfig<>();
        config.setMaxTotal(mail.connections());
        config.setMaxIdle(mail.connections());
        config.setLifo(true); // the busiest connections stay warm, the others reach the idle timeout
        config.setMinEvictableIdleDuration(mail.idleTimeout());
        config.setTimeBetweenEvictionRuns(mail.idleTimeout().dividedBy(2));
        config.setNumTestsPerEvictionRun(mail.connections());
        config.setJmxEnabled(false);
        this.pool = new GenericObjectPool<>(new Connections(), config);
        this.pace = SmtpPace.realTime(mail.connections());
        this.busyPatience = mail.busyPatience();
        this.connections = mail.connections();
    }

    /**
     * The threads of the send route ({@code routes/channel-email.yaml}: {@code {{bean:pooledMailSender.senders}}}),
     * twice the connections. Each thread also builds its email before the send and records it after (a
     * transaction); with one thread per connection every connection idled meanwhile (in the remote-server
     * burst, with emails queued, an email took 195 ms of a connection for its 160 ms of round trips). With two, one sends while
     * the other builds or records; {@link SmtpPace} still lets no more than the connections send at once.
     */
    public int senders() {
        return 2 * connections;
    }

    @Override
    public void send(MimeMessage message) throws MessagingException {
        if (message.getSentDate() == null) {
            message.setSentDate(new Date()); // as camel-mail's sender does
        }
        long giveUpAt = System.nanoTime() + busyPatience.toNanos();
        for (boolean retriedOnNewConnection = false;;) {
            SmtpPace.Ticket ticket = start();
            SmtpAnswer answer;
            MessagingException failure;
            Transport transport = null;
            try {
                transport = pool.borrowObject();
                transport.sendMessage(message, message.getAllRecipients());
                pool.returnObject(transport);
                pace.succeeded(ticket);
                return;
            } catch (MessagingException e) {
                failure = e;
                answer = SmtpAnswer.of(e, transport instanceof SMTPTransport smtp ? smtp.getLastReturnCode()
                        : e instanceof NotConnected notConnected ? notConnected.code : SmtpAnswer.NONE);
                if (transport != null) {
                    discard(transport);
                }
            } catch (Exception e) { // the pool's own (interrupted while waiting for a connection, say)
                pace.ended(ticket);
                throw new MessagingException("no SMTP connection", e);
            }
            if (answer.busy()) {
                Duration pause = pace.busy(ticket);
                if (System.nanoTime() - giveUpAt > 0) {
                    throw failure;
                }
                if (!pause.isZero()) {
                    log.warn("SMTP server busy ({}): sending paused {} ms, at most {} at once", answer.code(),
                            pause.toMillis(), pace.allowed());
                }
                continue;
            }
            pace.ended(ticket);
            if (answer.refusesThisMessage()) {
                throw new SmtpRefusedException(answer.code(), answer.status());
            }
            if (!answer.noReply() || retriedOnNewConnection) {
                throw failure;
            }
            retriedOnNewConnection = true;
        }
    }

    private SmtpPace.Ticket start() throws MessagingException {
        try {
            return pace.start();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new MessagingException("interrupted while the SMTP server was busy", e);
        }
    }

    private void discard(Transport transport) {
        try {
            pool.invalidateObject(transport);
        } catch (Exception e) {
            log.debug("closing a failed SMTP connection failed too", e);
        }
    }

    /** Closes the idle connections (QUIT), as a stopping app should; one still sending is closed when returned. */
    @Override
    public void close() {
        pool.close();
    }

    /** Opens, checks and closes the pool's transports: connected and logged in as Camel's sender does it. */
    private final class Connections extends BasePooledObjectFactory<Transport> {

        @Override
        public Transport create() throws MessagingException {
            Transport transport = getTransport(getSession());
            PasswordAuthentication login = getPasswordAuthentication();
            try {
                transport.connect(getHost(), getPort(), login.getUserName(), login.getPassword());
                return transport;
            } catch (MessagingException e) {
                throw new NotConnected(transport instanceof SMTPTransport smtp ? smtp.getLastReturnCode() : SmtpAnswer.NONE, e);
            }
        }

        @Override
        public PooledObject<Transport> wrap(Transport transport) {
            return new DefaultPooledObject<>(transport);
        }

        @Override
        public void destroyObject(PooledObject<Transport> connection) throws MessagingException {
            connection.getObject().close();
        }
    }

    /** Connecting failed: the reply the server gave (a 421 greeting is busy, not broken). */
    private static final class NotConnected extends MessagingException {

        final int code;

        NotConnected(int code, MessagingException cause) {
            super(cause.getMessage(), cause);
            this.code = code;
        }
    }
}
