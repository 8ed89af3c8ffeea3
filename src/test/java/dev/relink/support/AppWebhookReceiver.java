package dev.relink.support;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.Base64;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import com.standardwebhooks.Webhook;
import com.standardwebhooks.exceptions.WebhookVerificationException;

/**
 * The app's own webhook as the tests play it: a WireMock server at {@link #PATH} (stub its answers on
 * {@link #server()}) and the incident events Relink POSTed there, checked with the Standard Webhooks
 * reference library (com.standardwebhooks), not with our own code.
 */
public final class AppWebhookReceiver {

    public static final String PATH = "/relink-events";

    private final WireMockServer server = new WireMockServer(options().dynamicPort());
    private final String secret;

    private static AppWebhookReceiver shared;

    /**
     * The receiver of this JVM, answering every event 204, that {@link RelinkIntegrationTest}'s app sends its
     * events to: a class on that base filters by its own links ({@link #attempts}) and may stub answers for
     * them; it never stops it.
     */
    public static synchronized AppWebhookReceiver shared() {
        if (shared == null) {
            shared = new AppWebhookReceiver("relink-tests-app-webhook-secret").acceptingAll();
        }
        return shared;
    }

    /** Started at once, so that the settings of the app it listens to can name its URL. */
    public AppWebhookReceiver(String rawSecret) {
        this.secret = "whsec_" + Base64.getEncoder().encodeToString(rawSecret.getBytes());
        server.start();
    }

    public WireMockServer server() {
        return server;
    }

    public String secret() {
        return secret;
    }

    /** relink.app-webhook.* pointing here, events dispatched every 100 ms: arguments of an app started by hand. */
    public List<String> arguments() {
        return settings().entrySet().stream().map(setting -> "--" + setting.getKey() + "=" + setting.getValue()).toList();
    }

    private Map<String, String> settings() {
        return Map.of("relink.app-webhook.url", server.baseUrl() + PATH, "relink.app-webhook.secret", secret,
                "relink.app-webhook.dispatch-period", "100");
    }

    /** Answers every event 204, as an app that takes them all; answers itself. */
    public AppWebhookReceiver acceptingAll() {
        server.stubFor(post(urlEqualTo(PATH)).willReturn(aResponse().withStatus(204)));
        return this;
    }

    /** Every POST of an event of that type about the link, oldest first. */
    public List<LoggedRequest> attempts(String type, String linkId) {
        return server.findAll(postRequestedFor(urlEqualTo(PATH))).stream()
                .filter(r -> r.getBodyAsString().contains("\"type\":\"" + type + "\""))
                .filter(r -> r.getBodyAsString().contains(linkId))
                .sorted(Comparator.comparing(LoggedRequest::getLoggedDate))
                .toList();
    }

    /** The first POST of an event of that type about the link, once it came. */
    public LoggedRequest awaitEvent(String type, String linkId) {
        return await().atMost(Duration.ofSeconds(60)).until(() -> attempts(type, linkId).stream().findFirst()
                .orElse(null), request -> request != null);
    }

    /** Throws unless the request is signed with the secret, recently, over this very body. */
    public void verify(LoggedRequest request) throws WebhookVerificationException {
        new Webhook(secret).verify(request.getBodyAsString(), headers(request));
    }

    /** The request's Standard Webhooks headers, in a map a test may change. */
    public static Map<String, List<String>> headers(LoggedRequest request) {
        return new HashMap<>(Map.of(
                "webhook-id", List.of(request.getHeader("webhook-id")),
                "webhook-timestamp", List.of(request.getHeader("webhook-timestamp")),
                "webhook-signature", List.of(request.getHeader("webhook-signature"))));
    }

    public void stop() {
        server.stop();
    }
}
