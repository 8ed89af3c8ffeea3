package dev.relink.sandbox;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Base64;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/** Real HTTP to the booted app, the way a Belvo SDK talks to the emulator (Basic auth, JSON). */
final class SandboxHttp {

    static final ObjectMapper JSON = new ObjectMapper();

    private final HttpClient http = HttpClient.newHttpClient();
    private final String root;
    private final String authorization;

    record Answer(int status, String body, HttpResponse<String> response) {
        JsonNode json() {
            try {
                return JSON.readTree(body);
            } catch (IOException e) {
                throw new AssertionError("Not JSON (" + status + "): " + body, e);
            }
        }

        /** The first (only) error of a Belvo error array. */
        JsonNode error() {
            JsonNode json = json();
            if (!json.isArray() || json.size() != 1) {
                throw new AssertionError("Not a one-error Belvo array (" + status + "): " + body);
            }
            return json.get(0);
        }

        String header(String name) {
            return response.headers().firstValue(name).orElse(null);
        }
    }

    SandboxHttp(int port, String id, String password) {
        this(port, id == null ? null
                : "Basic " + Base64.getEncoder().encodeToString((id + ":" + password).getBytes(StandardCharsets.UTF_8)));
    }

    /** A client that sends this exact Authorization header (null: none). */
    SandboxHttp(int port, String authorization) {
        this.root = "http://localhost:" + port;
        this.authorization = authorization;
    }

    String url(String path) {
        return path.startsWith("http") ? path : root + path;
    }

    Answer get(String path) {
        return send("GET", path, null, null);
    }

    Answer post(String path, Object body) {
        return send("POST", path, body, "application/json");
    }

    Answer put(String path, Object body) {
        return send("PUT", path, body, "application/json");
    }

    Answer patch(String path, Object body) {
        return send("PATCH", path, body, "application/json");
    }

    Answer send(String method, String path, Object body, String contentType) {
        try {
            HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url(path)));
            if (authorization != null) {
                request.header("Authorization", authorization);
            }
            if (contentType != null) {
                request.header("Content-Type", contentType);
            }
            String text = body == null ? null : body instanceof String raw ? raw : JSON.writeValueAsString(body);
            request.method(method, text == null ? HttpRequest.BodyPublishers.noBody()
                    : HttpRequest.BodyPublishers.ofString(text));
            HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
            return new Answer(response.statusCode(), response.body(), response);
        } catch (IOException e) {
            throw new AssertionError(method + " " + path + " failed", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(method + " " + path + " interrupted", e);
        }
    }
}
