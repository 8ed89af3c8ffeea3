package dev.relink.support;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.Callable;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import org.apache.camel.ProducerTemplate;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.annotation.Import;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.context.TestPropertySource;
import org.springframework.util.FileSystemUtils;

import dev.relink.prompt.MutableClock;

/**
 * The local app of {@link RelinkIntegrationTest} on a clock the test moves ({@link MutableClock}), for what
 * happens hours or days later, with the providers of a deployment played by stand-ins of this JVM.
 *
 * <p>The clock starts 2026-11-25 18:00 UTC and stands still unless a test moves it. Each test starts at the next
 * 18:00 UTC (noon in Mexico City, daytime to São Paulo), on a day of its own, and moves the clock forward from where it is
 * ({@code clock.instant()}), never back: the classes on this base share one app and so one clock. Quiet hours are
 * 22:00–07:00 in each contact's zone. After moving the clock a test fires the ladder's tick itself
 * ({@link #ladderTick}) instead of waiting for its timer, so that no tick moves an incident the test moves by
 * hand. The ladder claims its due incidents ten at a time, not production's 50, so that a tick works through
 * several batches (prompt.LadderBatchTest). After a repair the link is read again at once, and its back-off
 * re-reads (in real time, not on this clock) begin ten minutes later, so that what a test does next decides the
 * outcome (repair.RepairConfirmedByWebhookTest: the webhook, not a re-read, resolves it).
 *
 * <p>The stand-ins: Twilio for SMS and WhatsApp on one WireMock ({@link #TWILIO}, which also plays the app's
 * contact lookup and SNS's certificate and subscription URLs), a bounce mailbox on a GreenMail of its own (IMAP,
 * {@link #MAILBOX}), and the signing settings of SendGrid, Postmark and Mailgun. Each class stubs what it needs,
 * matched to its own numbers and addresses (their incidents go on being prompted as the clock moves on in later
 * classes), and the stubs and requests of the class before are cleared when a class starts; a user with no stub
 * has no contact at the app (the lookup answers 404).
 */
@Import(MutableClock.InTheApp.class)
// Exchanges here wait long on purpose (a repair's back-off re-read ten minutes away, a poll of the bounce mailbox), and
// no test stops a route with work in flight: Camel gets 2 s to close, not production's 20 s, which each JVM waited at its end.
@TestPropertySource(properties = {"relink.prompt.batch-size=10", "relink.repair.confirm.first-delay=600000",
        "camel.main.shutdown-timeout=2"})
public abstract class RelinkOnTestClock extends RelinkIntegrationTest {

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

    /** The templates the app reads: a copy of the shipped ones, with the variant {@code short} the experiments name. */
    public static final Path TEMPLATES = templatesWithTheExperimentsVariant();
    /**
     * The experiments file the app reads: the shipped one (a draft) until a class writes its own running
     * experiments there, and puts the shipped one back when it ends (experiment.RunningExperiments).
     */
    public static final Path EXPERIMENTS = TEMPLATES.resolveSibling("experiments.yaml");
    public static final String SHIPPED_EXPERIMENTS = shippedExperiments();

    static {
        TWILIO.start();
        MAILBOX.start();
        MAILBOX.setUser("bounces@relink.test", MAILBOX_USER, MAILBOX_PASSWORD);
    }

    @DynamicPropertySource
    static void providers(DynamicPropertyRegistry registry) {
        registry.add("relink.templates-dir", TEMPLATES::toString);
        registry.add("relink.experiments-file", EXPERIMENTS::toString);
        registry.add("relink.sms.provider", () -> "twilio");
        registry.add("relink.sms.twilio.base-url", TWILIO::baseUrl);
        registry.add("relink.sms.twilio.account-sid", () -> TWILIO_SID);
        registry.add("relink.sms.twilio.auth-token", () -> TWILIO_TOKEN);
        registry.add("relink.sms.twilio.from", () -> "+15005550006");
        registry.add("relink.sms.twilio.whatsapp-from", () -> "+14155238886");
        // production's 1 SMS a second (a long code's limit at Twilio) would queue a class's SMS behind the reminders
        // of earlier classes' incidents, which fall due as the clock moves on
        registry.add("relink.sms.rate-per-second", () -> "20");
        registry.add("relink.retry.sms.maximum-redeliveries", () -> "1");
        registry.add("relink.retry.sms.redelivery-delay-ms", () -> "10");
        registry.add("relink.contacts.lookup-url", () -> TWILIO.baseUrl() + "/app/users/{externalId}/contact");
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

    @Autowired
    protected ProducerTemplate producer;

    private static Path templatesWithTheExperimentsVariant() {
        try {
            Path templates = TempDirectories.create("relink-clock-").resolve("templates");
            FileSystemUtils.copyRecursively(Path.of("templates"), templates);
            for (String reason : List.of("token_required", "invalid_credentials")) {
                Path variant = Files.createDirectories(templates.resolve(reason + "/variants/short/en"));
                Files.writeString(variant.resolve("email-subject.mustache"), "Reconnect {{institution}}: one minute");
            }
            return templates;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String shippedExperiments() {
        try {
            String shipped = Files.readString(Path.of("experiments.yaml"));
            Files.writeString(EXPERIMENTS, shipped);
            return shipped;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

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

    /** The stand-in Twilio accepts a message to {@code phone} (201, queued) under a new message SID, which it returns. */
    protected static String twilioAccepts(String phone) {
        String sid = "SM" + UUID.randomUUID().toString().replace("-", "");
        TWILIO.stubFor(post(urlEqualTo(TWILIO_MESSAGES)).withRequestBody(containing("To=" + phone.replace("+", "%2B")))
                .willReturn(aResponse().withStatus(201).withHeader("Content-Type", "application/json")
                        .withBody("{\"sid\": \"" + sid + "\", \"status\": \"queued\"}")));
        return sid;
    }

    /**
     * Twilio's signature of a callback to {@code url} ({@code X-Twilio-Signature}), as Twilio documents it: base64
     * HMAC-SHA1 under the auth token of the URL followed by each parameter's name and value, sorted by name.
     */
    protected static String twilioSignature(String url, Map<String, String> params) throws GeneralSecurityException {
        StringBuilder data = new StringBuilder(url);
        new TreeMap<>(params).forEach((name, value) -> data.append(name).append(value));
        Mac mac = Mac.getInstance("HmacSHA1");
        mac.init(new SecretKeySpec(TWILIO_TOKEN.getBytes(StandardCharsets.UTF_8), "HmacSHA1"));
        return Base64.getEncoder().encodeToString(mac.doFinal(data.toString().getBytes(StandardCharsets.UTF_8)));
    }

    /**
     * Each test starts at the next 18:00 UTC after the time the last one left, daytime from Mexico City to São
     * Paulo, on a day of its own (a report over its hours counts its incidents only), with the steps due by then
     * (earlier tests' reminders) sent: the ladder's tick only runs when a test fires it.
     */
    @BeforeEach
    void daytime() {
        clock.nextAt(Duration.ofHours(18));
        ladderTick();
    }

    /** One tick of the ladder now: the steps due at the clock's time are claimed and sent. */
    protected void ladderTick() {
        Timers.ladderTick(producer);
    }

    /**
     * {@code condition}, looked at after a tick of the ladder: for a wait whose outcome the ladder's next tick
     * brings (a step due at the clock's new time, or due now: a contact saved, a channel's refusal, a soft bounce),
     * as its timer would tick while the test waits.
     */
    protected Callable<Boolean> afterATick(Callable<Boolean> condition) {
        return () -> {
            ladderTick();
            return condition.call();
        };
    }
}
