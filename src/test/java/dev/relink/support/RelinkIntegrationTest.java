package dev.relink.support;

import java.io.IOException;
import java.nio.file.Path;

import org.springframework.boot.micrometer.metrics.test.autoconfigure.AutoConfigureMetrics;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.context.TestPropertySource;

import dev.relink.RelinkApplication;

/**
 * Base for tests that boot the whole app on a real port with the local profile: embedded H2 in a
 * fresh directory, the Belvo emulator at /sandbox, the embedded SMTP server, the app's webhook at
 * {@link AppWebhookReceiver#shared()}; the poll and the ladder's tick run when a test fires them
 * ({@link Timers}). Each Spring context
 * gets its own ports and data directory, so cached contexts never collide.
 */
@AutoConfigureMetrics // metrics export (/actuator/prometheus) as in production; Boot's tests turn it off
@SpringBootTest(classes = RelinkApplication.class, webEnvironment = SpringBootTest.WebEnvironment.DEFINED_PORT)
@ActiveProfiles("local") // a start naming no profile is prod
// Defaults a base may override in its own @DynamicPropertySource (those win over these; a @DynamicPropertySource
// here would win over the base's, since a subclass's methods run first): the ladder's tick is fired by the tests
// (Timers.ladderTick), so that it never moves an incident a test moves by hand, and the app hears about incidents,
// as a deployment with an app does. A new incident's re-check waits for a lull of 200 ms, not production's 1 s:
// nearly every test waits for one, and only the detect classes on belvo.WireMockBelvoTest (which keeps 1 s) count
// how they are batched. An app webhook that fails is tried three more times 200 ms apart, not over hours, so that
// its dead letter comes within a test (inapp.AppWebhookDeliveryTest; the JVM's receiver answers everything else
// 204). A failed email is tried again after 50 ms (then 100, 200, 400), not 2 s: privacy.ErasureTest stops the SMTP
// server for a dead letter.
@TestPropertySource(properties = {
        "relink.prompt.tick-interval=3600000",
        "relink.detect.recheck-window=200",
        "relink.app-webhook.url=http://localhost:${relink.test.app-webhook.port}" + AppWebhookReceiver.PATH,
        "relink.app-webhook.secret=${relink.test.app-webhook.secret}",
        "relink.app-webhook.dispatch-period=500", // every cached app polls its outbox: not too often
        "relink.retry.app-webhook.maximum-redeliveries=3",
        "relink.retry.app-webhook.redelivery-delay-ms=200",
        "relink.retry.app-webhook.backoff-multiplier=1",
        "relink.retry.smtp.redelivery-delay-ms=50"})
public abstract class RelinkIntegrationTest {

    public static final String API_KEY = "relink-local-api-key";
    public static final String WEBHOOK_AUTHORIZATION = "Bearer relink-local-webhook-secret";
    public static final String BELVO_ID = "relink-demo-id";
    public static final String BELVO_PASSWORD = "relink-demo-password";
    public static final String METRICS_USER = "prometheus";
    public static final String METRICS_PASSWORD = "relink-local-metrics-password";

    @DynamicPropertySource
    static void isolatedPortsAndData(DynamicPropertyRegistry registry) throws IOException {
        int port = FreePorts.next();
        int smtpPort = FreePorts.next();
        Path dataDir = TempDirectories.create("relink-test-");
        registry.add("server.port", () -> port);
        registry.add("relink.sandbox.smtp-port", () -> smtpPort);
        registry.add("relink.data-dir", dataDir::toString);
        // tests trigger polls themselves; the local profile's minute-by-minute poll would add incidents at random
        registry.add("relink.poll.cron", () -> "0 0 0 1 1 ? 2099");
        AppWebhookReceiver app = AppWebhookReceiver.shared();
        registry.add("relink.test.app-webhook.port", () -> app.server().port());
        registry.add("relink.test.app-webhook.secret", app::secret);
    }
}
