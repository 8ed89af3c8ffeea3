package dev.relink.detect;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.relink.support.RelinkIntegrationTest;
import dev.relink.support.WebhookClient;

/**
 * A link's incidents as the app's API shows them, to whichever app {@code client} talks to (the cached one of
 * {@link BelvoStubbedTest}, or one a test starts itself, as {@link RecheckWaitTest} does), with the local
 * profile's API key; and what the detect tests ask of an incident.
 */
final class Incidents {

    static final ObjectMapper JSON = new ObjectMapper();

    private Incidents() {
    }

    static JsonNode json(String body) {
        try {
            return JSON.readTree(body);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(body, e);
        }
    }

    static JsonNode api(WebhookClient client, String path) {
        HttpResponse<String> response = client.get(path, RelinkIntegrationTest.API_KEY);
        assertThat(response.statusCode()).as(path + ": " + response.body()).isEqualTo(200);
        return json(response.body());
    }

    /** The link's incidents, newest first. */
    static List<JsonNode> of(WebhookClient client, String linkId) {
        List<JsonNode> incidents = new ArrayList<>();
        api(client, "/api/incidents?link_id=" + linkId).get("items").forEach(incidents::add);
        return incidents;
    }

    /** The link's newest incident, with its timeline, once it exists and matches. */
    static JsonNode awaitIncident(WebhookClient client, String linkId, Predicate<JsonNode> until) {
        return await().atMost(Duration.ofSeconds(60)).until(() -> {
            List<JsonNode> incidents = of(client, linkId);
            return incidents.isEmpty() ? null : api(client, "/api/incidents/" + incidents.get(0).get("id").asText());
        }, incident -> incident != null && until.test(incident));
    }

    static boolean closed(JsonNode incident) {
        return incident.hasNonNull("closed_at");
    }

    /** Belvo confirmed the link still needs its user: handed to prompting (or waiting for it to exist). */
    static boolean handedOn(JsonNode incident) {
        return !closed(incident) && timelineTypes(incident).contains("rechecked");
    }

    static List<String> timelineTypes(JsonNode incident) {
        List<String> types = new ArrayList<>();
        incident.get("timeline").forEach(event -> types.add(event.get("type").asText()));
        return types;
    }
}
