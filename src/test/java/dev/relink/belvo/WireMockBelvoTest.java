package dev.relink.belvo;

import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

import com.github.tomakehurst.wiremock.WireMockServer;

import org.springframework.boot.micrometer.metrics.test.autoconfigure.AutoConfigureMetrics;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.context.TestPropertySource;
import org.springframework.util.FileSystemUtils;

import dev.relink.support.BelvoLinkListing;
import dev.relink.support.RelinkIntegrationTest;

/**
 * Boots the whole app against a WireMock "Belvo" (and other faulty dependencies) with short retries and no
 * poll, plus the test-only routes of src/test/resources/test-routes. Every subclass shares one Spring context
 * (the {@code belvo}, {@code detect}, {@code faults}, {@code deadletter}, {@code repair} and {@code deploy}
 * classes on it): a test that resets {@link #wireMock} does so before it stubs it, and a class that takes
 * stubs for granted stubs them again first ({@code detect.BelvoStubbedTest}). Metrics are exported
 * (/actuator/prometheus) as in production. Settings here, and who needs them:
 * <ul>
 * <li>Belvo's webhooks authenticate with Basic ({@link #WEBHOOK_AUTHORIZATION}, which hides the local
 * profile's Bearer one: the header is compared whole, whatever its scheme; {@code detect.DetectFlowTest} checks
 * the Bearer one is refused).</li>
 * <li>A new incident's re-check waits for production's 1 s lull, not the 200 ms of RelinkIntegrationTest: the
 * re-check batches {@code detect.DetectFlowTest} counts are production's.</li>
 * <li>Belvo's reads are throttled to {@link #READS_PER_SECOND} a second (production: 70 in 30 s; the local
 * profile's emulator: none), so that {@code BelvoRateLimitTest}'s burst is spread out; the other classes' reads
 * are few (re-checks read a hundred links at a time) and seldom wait for it.</li>
 * <li>SMS go to Twilio, played by {@link #twilio} (no class but {@code faults.DependencyFaultsTest} prompts by
 * SMS); mail to the local profile's embedded SMTP server, which a class may stop and must start again, up to 500
 * a second (production: 10).</li>
 * <li>The templates the app reads (and watches) are a copy of the shipped ones, {@link #TEMPLATES}, that a test
 * may edit and puts back ({@code detect.SignalTableTest}).</li>
 * </ul>
 */
@AutoConfigureMetrics
@TestPropertySource(properties = {"relink.belvo.rate-limit.requests=" + WireMockBelvoTest.READS_PER_SECOND,
        "relink.belvo.rate-limit.period-ms=1000",
        "relink.detect.recheck-window=" + WireMockBelvoTest.RECHECK_LULL_MILLIS})
public abstract class WireMockBelvoTest extends RelinkIntegrationTest {

    /** Where the fake Belvo lives: a base path, as with the local emulator's /sandbox. */
    public static final String BELVO_BASE_PATH = "/belvo";
    /** The delay the belvo-api policy is configured with here; Retry-After waits must exceed it. */
    public static final long SHORT_DELAY_MILLIS = 50;
    public static final int BELVO_REDELIVERIES = 3;
    /** Redeliveries of the flow policies (intake, and incidents after it; smtp, sms) here: each dead letter took this + 1 attempts. */
    public static final int FLOW_REDELIVERIES = 2;
    /** The first delay of the flow policies' retries (smtp and sms double it each time). */
    public static final long FLOW_DELAY_MILLIS = 10;
    /** relink.belvo.rate-limit here: Belvo reads a second. */
    public static final int READS_PER_SECOND = 20;
    /** relink.detect.recheck-window here: production's lull. */
    public static final int RECHECK_LULL_MILLIS = 1000;
    /** Belvo's webhooks here: Basic, not the local profile's Bearer (RelinkIntegrationTest.WEBHOOK_AUTHORIZATION). */
    public static final String WEBHOOK_AUTHORIZATION = "Basic YmVsdm86d2ViaG9vay1zZWNyZXQ=";
    public static final String TWILIO_SID = "AC00000000000000000000000000fa17";

    /**
     * Belvo at {@link #BELVO_BASE_PATH}, and the test routes' dependencies at its root. Enough Jetty threads that
     * its acceptors and selectors never starve the request handlers (a bulk read asks the same server for each
     * link it lists) on a small machine.
     */
    protected static final WireMockServer wireMock = new WireMockServer(options().dynamicPort().containerThreads(64)
            .jettyAcceptors(1).extensions(BelvoLinkListing.extension()));
    /** Twilio's API, for the SMS prompts. */
    protected static final WireMockServer twilio = new WireMockServer(options().dynamicPort());
    /** The templates the app reads, a copy of templates/ that a test may edit and must put back. */
    protected static final Path TEMPLATES = editableTemplates();

    static {
        wireMock.start();
        twilio.start();
    }

    @DynamicPropertySource
    static void faultyDependencies(DynamicPropertyRegistry registry) {
        registry.add("relink.belvo.base-url", () -> wireMock.baseUrl() + BELVO_BASE_PATH);
        registry.add("relink.retry.belvo.redelivery-delay-ms", () -> SHORT_DELAY_MILLIS);
        registry.add("relink.retry.belvo.maximum-redeliveries", () -> BELVO_REDELIVERIES);
        for (String policy : new String[] {"intake", "smtp", "sms"}) {
            registry.add("relink.retry." + policy + ".redelivery-delay-ms", () -> FLOW_DELAY_MILLIS);
            registry.add("relink.retry." + policy + ".maximum-redeliveries", () -> FLOW_REDELIVERIES);
        }
        registry.add("relink.webhooks.authorization", () -> WEBHOOK_AUTHORIZATION);
        // mail is not throttled to production's 10 a second: DependencyFaultsTest's bursts of prompts go out at once
        registry.add("relink.mail.rate-per-second", () -> 500);
        registry.add("relink.templates-dir", TEMPLATES::toString);
        registry.add("relink.sms.provider", () -> "twilio");
        registry.add("relink.sms.twilio.base-url", twilio::baseUrl);
        registry.add("relink.sms.twilio.account-sid", () -> TWILIO_SID);
        registry.add("relink.sms.twilio.auth-token", () -> "twilio-faults-token");
        registry.add("relink.sms.twilio.from", () -> "+15005550006");
        // the poll would list links from this WireMock Belvo and dead-letter its 404s mid-test
        registry.add("relink.poll.cron", () -> "0 0 0 1 1 ? 2099");
        registry.add("relink.test.wiremock-url", wireMock::baseUrl);
        registry.add("camel.main.routes-include-pattern",
                () -> "file:${relink.routes-dir}/*.yaml,classpath:test-routes/*.yaml");
    }

    private static Path editableTemplates() {
        try {
            // a few KB, left in place: the app watching it may still be stopping when the JVM exits
            Path templates = Files.createTempDirectory("relink-signals-").resolve("templates");
            FileSystemUtils.copyRecursively(Path.of("templates"), templates);
            return templates;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
