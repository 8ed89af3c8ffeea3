package dev.relink.belvo;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.core.WireMockConfiguration;

import org.springframework.boot.micrometer.metrics.test.autoconfigure.AutoConfigureMetrics;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.context.TestPropertySource;

import dev.relink.support.BelvoLinkListing;
import dev.relink.support.RelinkIntegrationTest;

/**
 * Boots the whole app against a WireMock "Belvo" (and other faulty dependencies) with short retry
 * delays and no poll, plus the test-only routes of src/test/resources/test-routes. Every subclass shares one
 * Spring context; tests reset WireMock before they stub it. Metrics are exported (/actuator/prometheus)
 * as in production.
 */
@AutoConfigureMetrics
// Belvo's reads are throttled (production: 70 in 30 s; the local profile's emulator: none), READS_PER_SECOND, so that
// BelvoRateLimitTest's burst is spread out; the other classes' few reads seldom wait for it.
@TestPropertySource(properties = {"relink.belvo.rate-limit.requests=" + WireMockBelvoTest.READS_PER_SECOND,
        "relink.belvo.rate-limit.period-ms=1000"})
public abstract class WireMockBelvoTest extends RelinkIntegrationTest {

    /** Where the fake Belvo lives: a base path, as with the local emulator's /sandbox. */
    public static final String BELVO_BASE_PATH = "/belvo";
    /** The delay the belvo-api policy is configured with here; Retry-After waits must exceed it. */
    public static final long SHORT_DELAY_MILLIS = 50;
    public static final int BELVO_REDELIVERIES = 3;
    /** Redeliveries of the flow policies (intake, smtp) here: each dead letter took this + 1 attempts. */
    public static final int FLOW_REDELIVERIES = 2;
    /** relink.belvo.rate-limit here: Belvo reads a second. */
    public static final int READS_PER_SECOND = 20;

    protected static final WireMockServer wireMock = new WireMockServer(WireMockConfiguration.options().dynamicPort()
            .extensions(BelvoLinkListing.extension()));

    static {
        wireMock.start();
    }

    @DynamicPropertySource
    static void faultyDependencies(DynamicPropertyRegistry registry) {
        registry.add("relink.belvo.base-url", () -> wireMock.baseUrl() + BELVO_BASE_PATH);
        registry.add("relink.retry.belvo.redelivery-delay-ms", () -> SHORT_DELAY_MILLIS);
        registry.add("relink.retry.belvo.maximum-redeliveries", () -> BELVO_REDELIVERIES);
        for (String policy : new String[] {"intake", "smtp"}) {
            registry.add("relink.retry." + policy + ".redelivery-delay-ms", () -> 10);
            registry.add("relink.retry." + policy + ".maximum-redeliveries", () -> FLOW_REDELIVERIES);
        }
        // the poll would list links from this WireMock Belvo and dead-letter its 404s mid-test
        registry.add("relink.poll.cron", () -> "0 0 0 1 1 ? 2099");
        registry.add("relink.test.wiremock-url", wireMock::baseUrl);
        registry.add("camel.main.routes-include-pattern",
                () -> "file:${relink.routes-dir}/*.yaml,classpath:test-routes/*.yaml");
    }
}
