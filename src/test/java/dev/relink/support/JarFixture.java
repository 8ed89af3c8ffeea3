package dev.relink.support;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

import com.github.tomakehurst.wiremock.WireMockServer;

/**
 * What the tests that run {@link JarProcess} replicas under load share: a Belvo whose links are all
 * still broken, the prod environment pointing at it and at an SMTP server, and the webhook they send.
 */
public final class JarFixture {

    public static final String WEBHOOK_AUTHORIZATION = "Bearer jar-test-webhook-secret-0123";
    public static final String METRICS_PASSWORD = "jar-test-metrics-password";
    public static final String API_KEY = "jar-test-api-key-0123456789";

    private JarFixture() {
    }

    /**
     * A started WireMock Belvo: every link is token_required when Relink reads it (its id the one asked
     * for), and the poll's listing has no broken link, so the poll re-checks the open incidents.
     */
    public static WireMockServer brokenLinksBelvo() {
        WireMockServer belvo = new WireMockServer(options().dynamicPort().containerThreads(32)
                .extensions(BelvoLinkListing.extension()));
        belvo.start();
        belvo.stubFor(BelvoLinkListing.stub(""));
        belvo.stubFor(get(urlPathMatching("/api/links/[^/]+/")).willReturn(aResponse().withStatus(200)
                .withHeader("Content-Type", "application/json").withTransformers("response-template")
                .withBody("{\"id\": \"{{request.path.[2]}}\", \"institution\": \"heimdall_mx_retail\","
                        + " \"access_mode\": \"recurrent\", \"status\": \"token_required\","
                        + " \"created_at\": \"2024-03-01T14:02:33.118204Z\", \"refresh_rate\": \"7d\"}")));
        belvo.stubFor(get(urlPathEqualTo("/api/links/")).willReturn(aResponse().withStatus(200)
                .withHeader("Content-Type", "application/json")
                .withBody("{\"count\": 0, \"next\": null, \"previous\": null, \"results\": []}")));
        return belvo;
    }

    /** The prod profile against that Belvo and SMTP server, for the jar serving on {@code port}; short leases and ticks. */
    public static Map<String, String> prodEnvironment(WireMockServer belvo, int smtpPort, int port) {
        Map<String, String> env = new HashMap<>();
        env.put("SPRING_PROFILES_ACTIVE", "prod");
        env.put("RELINK_ROUTES_DIR", Path.of("routes").toAbsolutePath().toString());
        env.put("RELINK_TEMPLATES_DIR", Path.of("templates").toAbsolutePath().toString());
        env.put("RELINK_BELVO_BASE_URL", belvo.baseUrl());
        env.put("RELINK_BELVO_SECRET_ID", "jar-test-id");
        env.put("RELINK_BELVO_SECRET_PASSWORD", "jar-test-password");
        env.put("RELINK_WEBHOOKS_AUTHORIZATION", WEBHOOK_AUTHORIZATION);
        env.put("RELINK_API_KEY", API_KEY);
        env.put("RELINK_OPS_USERNAME", "ops");
        env.put("RELINK_OPS_PASSWORD", "jar-test-ops-password");
        env.put("RELINK_METRICS_PASSWORD", METRICS_PASSWORD);
        env.put("RELINK_MAIL_HOST", "127.0.0.1");
        env.put("RELINK_MAIL_PORT", String.valueOf(smtpPort));
        env.put("RELINK_MAIL_ALLOW_PLAIN_SMTP", "true"); // GreenMail on this machine has no TLS
        env.put("RELINK_MAIL_FROM", "Relink <relink@jar-test.example>");
        env.put("RELINK_MAIL_RATE_PER_SECOND", "500");
        env.put("RELINK_BELVO_RATE_LIMIT_REQUESTS", "100000"); // WireMock has no firewall to stay under
        env.put("RELINK_BELVO_RATE_LIMIT_PERIOD_MS", "1000");
        env.put("RELINK_SMS_PROVIDER", "capture");
        env.put("RELINK_REPAIR_BASE_URL", "http://localhost:" + port);
        env.put("RELINK_REPAIR_SIGNING_KEY", "jar-test-signing-key-at-least-32-bytes-long");
        env.put("RELINK_PROMPT_TICK_INTERVAL", "500");
        env.put("RELINK_POLL_CRON", "0/10 * * * * ?");
        return env;
    }

    /** A token_required webhook for {@code linkId} of user {@code externalId}. */
    public static String tokenRequiredWebhook(String webhookId, String linkId, String externalId, String requestId) {
        return "{\"webhook_id\": \"" + webhookId + "\", \"webhook_type\": \"LINK\","
                + " \"process_type\": \"recurrent_update\", \"webhook_code\": \"token_required\","
                + " \"link_id\": \"" + linkId + "\", \"request_id\": \"" + requestId + "\","
                + " \"external_id\": \"" + externalId + "\", \"data\": {\"error_code\": \"token_required\","
                + " \"error_message\": \"A MFA token is required by the institution to login\", \"status\": 428}}";
    }
}
