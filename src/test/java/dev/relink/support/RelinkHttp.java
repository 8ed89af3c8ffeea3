package dev.relink.support;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/** Real HTTP to a booted Relink, the way the app's backend, ops and the sandbox admin reach it. */
public final class RelinkHttp {

    public static final ObjectMapper JSON = new ObjectMapper();

    private final HttpClient http = HttpClient.newHttpClient();
    private final String base;

    public RelinkHttp(int port) {
        this.base = "http://localhost:" + port;
    }

    public String base() {
        return base;
    }

    /** A request to the admin API, with the local API key. */
    public HttpRequest.Builder api(String path) {
        return plain(path).header("Authorization", "Bearer " + RelinkIntegrationTest.API_KEY);
    }

    /** A request to /actuator/prometheus or /actuator/metrics, with the scrape credentials as Prometheus sends them. */
    public HttpRequest.Builder scrape(String path) {
        return plain(path).header("Authorization", scrapeAuthorization());
    }

    public static String scrapeAuthorization() {
        return scrapeAuthorization(RelinkIntegrationTest.METRICS_PASSWORD);
    }

    /** For an app started outside {@code local}, where the local scrape password is refused. */
    public static String scrapeAuthorization(String password) {
        return "Basic " + Base64.getEncoder().encodeToString((RelinkIntegrationTest.METRICS_USER + ":"
                + password).getBytes(StandardCharsets.UTF_8));
    }

    public HttpRequest.Builder plain(String path) {
        return HttpRequest.newBuilder(URI.create(base + path));
    }

    public HttpResponse<String> send(HttpRequest.Builder request) throws Exception {
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    public void putContact(String externalId, Map<String, String> contact) throws Exception {
        HttpResponse<String> response = send(api("/api/contacts/" + externalId).header("Content-Type", "application/json")
                .PUT(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(contact))));
        assertThat(response.statusCode()).as(response.body()).isIn(200, 201);
    }

    /** The emulator's admin surface (local profile): seed links, send webhooks. */
    public JsonNode admin(String path, Map<String, String> body) throws Exception {
        HttpResponse<String> response = send(plain(path).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body))));
        assertThat(response.statusCode()).as(response.body()).isLessThan(300);
        return JSON.readTree(response.body());
    }

    /** A valid link at the bank for the user, then Belvo's LINK webhook that breaks it. Answers the link id. */
    public String breakLink(String externalId, String institution, String webhookCode) throws Exception {
        String link = admin("/sandbox/admin/links", Map.of("institution", institution, "status", "valid",
                "external_id", externalId)).path("ids").get(0).asText();
        admin("/sandbox/admin/webhooks", Map.of("webhook_type", "LINK", "webhook_code", webhookCode, "link_id", link));
        return link;
    }
}
