package dev.relink.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;


/** Talks to a running Relink over real HTTP, as Belvo and the app's backend would. */
public final class WebhookClient {

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final String base;

    public WebhookClient(int port) {
        this.base = "http://localhost:" + port;
    }

    public static String example(String name) {
        return BelvoExamples.read(name);
    }

    public HttpResponse<String> webhook(String body, String authorization) {
        return webhook(body, authorization, "application/json");
    }

    public HttpResponse<String> webhook(String body, String authorization, String contentType) {
        return webhook(HttpRequest.BodyPublishers.ofString(body), authorization, contentType);
    }

    public HttpResponse<String> webhook(byte[] body, String authorization) {
        return webhook(HttpRequest.BodyPublishers.ofByteArray(body), authorization, "application/json");
    }

    private HttpResponse<String> webhook(HttpRequest.BodyPublisher body, String authorization, String contentType) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base + "/webhooks/belvo")).POST(body);
        if (authorization != null) {
            request.header("Authorization", authorization);
        }
        if (contentType != null) {
            request.header("Content-Type", contentType);
        }
        return send(request);
    }

    public HttpResponse<String> send(HttpRequest.Builder request) {
        try {
            return http.send(request.timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    public HttpResponse<String> get(String path, String apiKey) {
        return send(HttpRequest.newBuilder(URI.create(base + path)).header("Authorization", "Bearer " + apiKey).GET());
    }

    public HttpResponse<String> postJson(String path, String apiKey, String body) {
        return send(HttpRequest.newBuilder(URI.create(base + path)).header("Authorization", "Bearer " + apiKey)
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body)));
    }

    public String base() {
        return base;
    }
}
