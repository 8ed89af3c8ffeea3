package dev.relink.belvo;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.core.WireMockConfiguration;

import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import dev.relink.support.RelinkIntegrationTest;

/**
 * Boots the whole app against a WireMock "Belvo" (and other faulty dependencies) with short retry
 * delays, plus the test-only routes of src/test/resources/test-routes. Every subclass shares one
 * Spring context; tests reset WireMock before they stub it.
 */
public abstract class WireMockBelvoTest extends RelinkIntegrationTest {

    /** Where the fake Belvo lives: a base path, as with the local emulator's /sandbox. */
    public static final String BELVO_BASE_PATH = "/belvo";
    /** The delay the belvo-api policy is configured with here; Retry-After waits must exceed it. */
    public static final long SHORT_DELAY_MILLIS = 50;
    public static final int BELVO_REDELIVERIES = 3;

    protected static final WireMockServer wireMock = new WireMockServer(WireMockConfiguration.options().dynamicPort());

    static {
        wireMock.start();
    }

    @DynamicPropertySource
    static void faultyDependencies(DynamicPropertyRegistry registry) {
        registry.add("relink.belvo.base-url", () -> wireMock.baseUrl() + BELVO_BASE_PATH);
        registry.add("relink.retry.belvo.redelivery-delay-ms", () -> SHORT_DELAY_MILLIS);
        registry.add("relink.retry.belvo.maximum-redeliveries", () -> BELVO_REDELIVERIES);
        registry.add("relink.test.wiremock-url", wireMock::baseUrl);
        registry.add("camel.main.routes-include-pattern",
                () -> "file:${relink.routes-dir}/*.yaml,classpath:test-routes/*.yaml");
    }
}
