package dev.relink.inapp;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.relink.support.RelinkIntegrationTest;

/** The app's side of the conversation: JSON over real HTTP to Relink, the emulator and its admin levers. */
final class AppApi {

    static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    private final int port;

    AppApi(int port) {
        this.port = port;
    }

    HttpResponse<String> post(String path, String authorization, String json) throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(uri(path))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json));
        if (authorization != null) {
            request.header("Authorization", authorization);
        }
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    HttpResponse<String> get(String path, String authorization) throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(uri(path));
        if (authorization != null) {
            request.header("Authorization", authorization);
        }
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    JsonNode getJson(String path) throws IOException, InterruptedException {
        return JSON.readTree(get(path, "Bearer " + RelinkIntegrationTest.API_KEY).body());
    }

    /** Seeds one broken link in the emulator for {@code externalId} and returns its id. */
    String seedLink(String status, String externalId) throws IOException, InterruptedException {
        HttpResponse<String> seeded = post("/sandbox/admin/links", null, """
                {"count": 1, "institution": "erebor_mx_retail", "status": "%s", "external_id": "%s"}"""
                .formatted(status, externalId));
        return JSON.readTree(seeded.body()).get("ids").get(0).asText();
    }

    /** Belvo tells Relink (through the emulator's webhook lever) that the link needs its user. */
    void belvoWebhook(String code, String linkId) throws IOException, InterruptedException {
        HttpResponse<String> sent = post("/sandbox/admin/webhooks", null, """
                {"webhook_type": "LINK", "webhook_code": "%s", "link_id": "%s"}""".formatted(code, linkId));
        if (sent.statusCode() >= 300) {
            throw new IllegalStateException("webhook lever answered " + sent.statusCode() + ": " + sent.body());
        }
    }

    URI uri(String path) {
        return URI.create("http://localhost:" + port + path);
    }
}
