package dev.relink.repair;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

import dev.relink.detect.SignalTable;
import dev.relink.incident.Incident;
import dev.relink.incident.IncidentEvent;
import dev.relink.incident.IncidentLifecycle;
import dev.relink.incident.IncidentQueries;
import dev.relink.incident.Signal;

/**
 * What the repair tests do as the outside world would: seed a broken link in the emulator, open an
 * incident for it through the real {@code incidents} bean (IncidentLifecycle), and talk HTTP to the running app. A bean
 * of the test context (found by the app's component scan), so the test classes share one context.
 */
@Component
class RepairFixture {

    static final ObjectMapper JSON = new ObjectMapper();

    record Answer(int status, HttpResponse<String> response) {

        String header(String name) {
            return response.headers().firstValue(name).orElse(null);
        }

        String body() {
            return response.body();
        }

        JsonNode json() throws IOException {
            return JSON.readTree(response.body());
        }
    }

    record Broken(String linkId, String externalId, Incident incident, String url) {

        String token() {
            return url.substring(url.lastIndexOf('/') + 1);
        }
    }

    private final HttpClient http = HttpClient.newHttpClient();
    private final String base;
    private final IncidentLifecycle lifecycle;
    private final IncidentQueries incidents;
    private final SignalTable signals;
    private final RepairLinks repairLinks;

    RepairFixture(@Value("${server.port}") int port, IncidentLifecycle lifecycle, IncidentQueries incidents,
            RepairLinks repairLinks, SignalTable signals) {
        this.lifecycle = lifecycle;
        this.base = "http://localhost:" + port;
        this.incidents = incidents;
        this.signals = signals;
        this.repairLinks = repairLinks;
    }

    /** A link at {@code institution} that Belvo (the emulator) reports as {@code status}, with an open incident and its repair URL. */
    Broken brokenLink(String institution, String status) throws Exception {
        String externalId = "user-" + UUID.randomUUID();
        String linkId = emulatedLink(institution, status, externalId);
        return incidentFor(linkId, externalId, institution, signals.forStatus(status));
    }

    /** Seeds a link in the emulator only; Relink learns of it the way it would in production. */
    String emulatedLink(String institution, String status, String externalId) throws Exception {
        return post("/sandbox/admin/links", Map.of("institution", institution, "status", status,
                "external_id", externalId)).json().get("ids").get(0).asText();
    }

    /** The incident Relink opened by itself for a link, once it has (as a repair link would reach it). */
    Broken openedFor(String linkId, String externalId, String url) {
        return new Broken(linkId, externalId, incidents.openForLink(linkId).orElseThrow(), url);
    }

    /** An incident for a link that exists only in Relink's database (the emulator need not know it). */
    Broken incidentFor(String linkId, String externalId, String institution, String reason) {
        Incident incident = lifecycle.open(new Signal(linkId, externalId, institution, reason, Signal.POLL, null, null));
        return new Broken(linkId, externalId, incident, repairLinks.urlFor(incident.id(), "email"));
    }

    Answer get(String pathOrUrl, String... headers) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(uri(pathOrUrl)).GET();
        if (headers.length > 0) {
            request.headers(headers);
        }
        return send(request.build());
    }

    Answer post(String path, Object body) throws Exception {
        return post(path, JSON.writeValueAsString(body), "application/json");
    }

    Answer post(String pathOrUrl, String body, String contentType) throws Exception {
        return post(pathOrUrl, body.getBytes(StandardCharsets.UTF_8), contentType);
    }

    Answer post(String pathOrUrl, byte[] body, String contentType) throws Exception {
        return send(HttpRequest.newBuilder(uri(pathOrUrl)).header("Content-Type", contentType)
                .POST(HttpRequest.BodyPublishers.ofByteArray(body)).build());
    }

    /** The page's button as a browser presses it: a same-origin form post to {@code <repair URL>/start}. */
    Answer start(String repairUrl, String... headers) throws Exception {
        String[] all = new String[headers.length + 2];
        all[0] = "Sec-Fetch-Site";
        all[1] = "same-origin";
        System.arraycopy(headers, 0, all, 2, headers.length);
        return postForm(repairUrl + "/start", all);
    }

    /** An empty form post with exactly these headers. */
    Answer postForm(String pathOrUrl, String... headers) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(uri(pathOrUrl))
                .header("Content-Type", "application/x-www-form-urlencoded").POST(HttpRequest.BodyPublishers.noBody());
        if (headers.length > 0) {
            request.headers(headers);
        }
        return send(request.build());
    }

    Answer head(String pathOrUrl, String... headers) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(uri(pathOrUrl)).method("HEAD", HttpRequest.BodyPublishers.noBody());
        if (headers.length > 0) {
            request.headers(headers);
        }
        return send(request.build());
    }

    /** A contact for the user behind a link, through the app's contacts API. */
    void contact(String externalId, Map<String, String> contact, String apiKey) throws Exception {
        Answer answer = send(HttpRequest.newBuilder(uri("/api/contacts/" + externalId))
                .header("Content-Type", "application/json").header("Authorization", "Bearer " + apiKey)
                .PUT(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(contact))).build());
        if (answer.status() / 100 != 2) {
            throw new IllegalStateException("PUT contact answered " + answer.status() + ": " + answer.body());
        }
    }

    /** Sets what the emulated Belvo says about a link (as if the user had fixed it elsewhere). */
    void emulatorSays(String linkId, String status) throws Exception {
        post("/sandbox/admin/links/" + linkId + "/status", Map.of("status", status));
    }

    int widgetTokensMintedFor(String linkId) throws Exception {
        return get("/sandbox/admin/links/" + linkId + "/tokens").json().get("minted").asInt();
    }

    String state(Broken broken) {
        return incidents.find(broken.incident().id()).orElseThrow().state();
    }

    List<String> timelineTypes(Broken broken) {
        return incidents.timeline(broken.incident().id()).stream().map(IncidentEvent::type).toList();
    }

    List<IncidentEvent> timeline(Broken broken) {
        return incidents.timeline(broken.incident().id());
    }

    String url(String path) {
        return base + path;
    }

    private URI uri(String pathOrUrl) {
        return URI.create(pathOrUrl.startsWith("http") ? pathOrUrl : url(pathOrUrl));
    }

    private Answer send(HttpRequest request) throws IOException, InterruptedException {
        HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
        return new Answer(response.statusCode(), response);
    }
}
