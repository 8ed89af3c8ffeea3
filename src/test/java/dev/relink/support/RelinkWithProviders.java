package dev.relink.support;

import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;

import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.util.Base64;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.annotation.Import;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import dev.relink.prompt.MutableClock;

/**
 * The local app of {@link RelinkIntegrationTest} with the providers of a deployment played by stand-ins of
 * this JVM: Twilio for SMS and WhatsApp on one WireMock ({@link #TWILIO}, which also plays the app's contact
 * lookup and SNS's certificate and subscription URLs), a bounce mailbox on a GreenMail of its own (IMAP,
 * {@link #MAILBOX}), and the signing settings of SendGrid, Postmark and Mailgun. On the test clock
 * ({@link MutableClock}; each test starts at 18:00 UTC, noon in Mexico City, and the clock only moves
 * forward), with quiet hours 22:00–07:00 in each contact's zone and the ladder ticking every 200 ms.
 *
 * <p>The classes on this base share one app and its stand-ins: each stubs what it needs, matched to its own
 * numbers and addresses (their incidents go on being prompted as the clock moves on in later classes), and the
 * stubs and requests of the class before are cleared when a class starts.
 */
@Import(MutableClock.InTheApp.class)
public abstract class RelinkWithProviders extends RelinkIntegrationTest {

    public static final String TWILIO_SID = "AC0123456789abcdef0123456789abcdef";
    public static final String TWILIO_TOKEN = "twilio-test-auth-token";
    public static final String TWILIO_MESSAGES = "/2010-04-01/Accounts/" + TWILIO_SID + "/Messages.json";
    public static final WireMockServer TWILIO = new WireMockServer(options().dynamicPort());

    public static final String MAILBOX_USER = "bounces";
    public static final String MAILBOX_PASSWORD = "bounce-mailbox-password";
    public static final int MAILBOX_SMTP_PORT = FreePorts.next();
    public static final int IMAP_PORT = FreePorts.next();
    public static final GreenMail MAILBOX = new GreenMail(new ServerSetup[] {
        new ServerSetup(MAILBOX_SMTP_PORT, "127.0.0.1", ServerSetup.PROTOCOL_SMTP),
        new ServerSetup(IMAP_PORT, "127.0.0.1", ServerSetup.PROTOCOL_IMAP)});

    /** SendGrid signs its event webhook with this key pair's private half (ECDSA P-256); Relink holds the public. */
    public static final KeyPair SENDGRID = sendGridKeys();
    public static final String SES_TOPIC = "arn:aws:sns:us-east-1:123456789012:relink-ses-feedback";
    public static final String MAILGUN_KEY = "mailgun-webhook-signing-key-for-tests";
    public static final String POSTMARK_USER = "postmark";
    public static final String POSTMARK_PASSWORD = "postmark-webhook-password";

    static {
        TWILIO.start();
        MAILBOX.start();
        MAILBOX.setUser("bounces@relink.test", MAILBOX_USER, MAILBOX_PASSWORD);
    }

    @DynamicPropertySource
    static void providers(DynamicPropertyRegistry registry) {
        registry.add("relink.sms.provider", () -> "twilio");
        registry.add("relink.sms.twilio.base-url", TWILIO::baseUrl);
        registry.add("relink.sms.twilio.account-sid", () -> TWILIO_SID);
        registry.add("relink.sms.twilio.auth-token", () -> TWILIO_TOKEN);
        registry.add("relink.sms.twilio.from", () -> "+15005550006");
        registry.add("relink.sms.twilio.whatsapp-from", () -> "+14155238886");
        registry.add("relink.retry.sms.maximum-redeliveries", () -> "1");
        registry.add("relink.retry.sms.redelivery-delay-ms", () -> "10");
        registry.add("relink.contacts.lookup-url", () -> TWILIO.baseUrl() + "/app/users/{externalId}/contact");
        registry.add("relink.prompt.tick-interval", () -> "200");
        registry.add("relink.prompt.quiet-start", () -> "22:00");
        registry.add("relink.prompt.quiet-end", () -> "07:00");
        registry.add("relink.mail.bounces.enabled", () -> "true");
        registry.add("relink.mail.bounces.host", () -> "127.0.0.1");
        registry.add("relink.mail.bounces.port", () -> IMAP_PORT);
        registry.add("relink.mail.bounces.ssl", () -> "false");
        registry.add("relink.mail.bounces.username", () -> MAILBOX_USER);
        registry.add("relink.mail.bounces.password", () -> MAILBOX_PASSWORD);
        registry.add("relink.mail.bounces.poll-interval", () -> "200");
        registry.add("relink.mail.bounces.ses.topic-arns", () -> SES_TOPIC);
        // the stand-in SNS is WireMock on plain http; the default pattern takes https on sns.<region>.amazonaws.com only
        registry.add("relink.mail.bounces.ses.sns-url-pattern", () -> "http://localhost:" + TWILIO.port() + "/sns/.*");
        registry.add("relink.mail.bounces.sendgrid.public-key",
                () -> Base64.getEncoder().encodeToString(SENDGRID.getPublic().getEncoded()));
        registry.add("relink.mail.bounces.postmark.username", () -> POSTMARK_USER);
        registry.add("relink.mail.bounces.postmark.password", () -> POSTMARK_PASSWORD);
        registry.add("relink.mail.bounces.mailgun.signing-key", () -> MAILGUN_KEY);
    }

    @Autowired
    protected MutableClock clock;

    private static KeyPair sendGridKeys() {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
            generator.initialize(new ECGenParameterSpec("secp256r1"));
            return generator.generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    @BeforeAll
    static void standInsOfThisClassOnly() {
        TWILIO.resetAll();
    }

    /** Each test starts at 18:00 UTC: daytime from Mexico City to São Paulo. */
    @BeforeEach
    void daytime() {
        clock.nextAt(Duration.ofHours(18));
    }
}
