package dev.relink.repair;

import java.io.IOException;
import java.io.InputStream;
import java.util.Optional;

import com.fasterxml.jackson.databind.JsonNode;
import jakarta.servlet.http.HttpServletRequest;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.util.InvalidMimeTypeException;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;

import dev.relink.incident.Incident;
import dev.relink.incident.IncidentLifecycle;
import dev.relink.incident.IncidentQueries;
import dev.relink.web.JsonBodies;
import dev.relink.web.ProblemResponses;

/**
 * {@code POST /repair/{token}/events}: the widget's callbacks, sent by {@code repair.js} as JSON
 * {@code {"type": "success"|"exit"|"event", ...}} to the same signed URL the page was opened with.
 * Only JSON, only small bodies, only a few per minute per token: the endpoint is public.
 */
@RestController
class RepairEventsController {

    private static final int MAX_DETAIL = 200;

    private final RepairTokens tokens;
    private final IncidentQueries incidents;
    private final IncidentLifecycle lifecycle;
    private final RepairConfirmation confirmation;
    private final RepairRateLimiter rateLimiter;
    private final RepairPageProperties properties;
    private final JsonBodies bodies;

    RepairEventsController(RepairTokens tokens, IncidentQueries incidents, IncidentLifecycle lifecycle,
            RepairConfirmation confirmation, RepairRateLimiter rateLimiter, RepairPageProperties properties,
            JsonBodies bodies) {
        this.tokens = tokens;
        this.incidents = incidents;
        this.lifecycle = lifecycle;
        this.confirmation = confirmation;
        this.rateLimiter = rateLimiter;
        this.properties = properties;
        this.bodies = bodies;
    }

    @PostMapping(path = "/repair/{token}/events")
    ResponseEntity<?> event(@PathVariable String token, HttpServletRequest request) throws IOException {
        if (!isJson(request.getContentType())) {
            return problem(HttpStatus.UNSUPPORTED_MEDIA_TYPE, "unsupported-media-type",
                    "Send the widget event as 'Content-Type: application/json'.");
        }
        RepairTokens.Verification verification = tokens.verify(token);
        Optional<Incident> found = verification.incidentId() == null ? Optional.empty()
                : incidents.find(verification.incidentId());
        if (found.isEmpty()) {
            return problem(HttpStatus.NOT_FOUND, "repair-link-unknown", "This repair link is not known.");
        }
        if (!verification.isValid()) {
            return problem(HttpStatus.GONE, "repair-link-expired",
                    "This repair link has expired; ask for a new one.");
        }
        if (!rateLimiter.tryAcquire(token)) {
            return problem(ResponseEntity.status(HttpStatus.TOO_MANY_REQUESTS)
                    .header(HttpHeaders.RETRY_AFTER, Long.toString(rateLimiter.secondsUntilReset(token))),
                    HttpStatus.TOO_MANY_REQUESTS, "too-many-events",
                    "Too many widget events for this repair link; wait a minute.");
        }
        byte[] body = readAtMost(request, properties.maxEventBytes());
        if (body == null) {
            return problem(HttpStatus.PAYLOAD_TOO_LARGE, "event-too-large",
                    "A widget event may be at most " + properties.maxEventBytes() + " bytes.");
        }
        JsonNode event;
        try {
            event = bodies.tree(body);
        } catch (JsonBodies.UnreadableJson unreadable) {
            return problem(HttpStatus.BAD_REQUEST, "event-" + unreadable.tag(), unreadable.detail());
        }
        Incident incident = found.get();
        String type = event == null ? "" : event.path("type").asText("");
        switch (type) {
            case "success" -> {
                if (incident.isOpen()) {
                    confirmation.submitted(incident, text(event, "link"), text(event, "institution"));
                }
            }
            case "exit" -> lifecycle.note(incident.id(), "exited", exitDetail(event.path("data")));
            case "event" -> recordWidgetEvent(incident, event.path("data"));
            default -> {
                return problem(HttpStatus.BAD_REQUEST, "event-type-unknown",
                        "The field 'type' must be one of success, exit, event.");
            }
        }
        return ResponseEntity.accepted().build();
    }

    /** Belvo's onExit payload: the last error the user met (if any) and the step they left from. */
    private static String exitDetail(JsonNode data) {
        String code = text(data.path("last_encountered_error"), "code");
        String step = text(data.path("meta_data"), "step");
        return "User left the widget" + (code == null ? "" : "; last error " + code)
                + (step == null ? "" : "; at step " + step);
    }

    /** onEvent: errors and warnings go on the timeline; page loads are noise. */
    private void recordWidgetEvent(Incident incident, JsonNode data) {
        String name = text(data, "eventName");
        if ("ERROR".equals(name) || "WARNING".equals(name)) {
            String code = text(data.path("meta_data"), "error_code");
            String message = text(data.path("meta_data"), "error_message");
            lifecycle.note(incident.id(), "ERROR".equals(name) ? "widget_error" : "widget_warning",
                    (code == null ? "no code" : code) + (message == null ? "" : ": " + message));
        }
    }

    private static String text(JsonNode node, String field) {
        JsonNode value = node.path(field);
        if (!value.isTextual() || value.asText().isBlank()) {
            return null;
        }
        // PostgreSQL's text cannot hold U+0000: the widget's words are kept with it shown as U+FFFD.
        String text = value.asText().replace('\u0000', '\uFFFD');
        return text.length() <= MAX_DETAIL ? text : text.substring(0, MAX_DETAIL);
    }

    private static boolean isJson(String contentType) {
        if (contentType == null) {
            return false;
        }
        try {
            return MediaType.APPLICATION_JSON.equalsTypeAndSubtype(MediaType.parseMediaType(contentType));
        } catch (InvalidMimeTypeException malformed) {
            return false;
        }
    }

    /** The body, or null when it is longer than {@code max} (read no further than max + 1 bytes). */
    private static byte[] readAtMost(HttpServletRequest request, int max) throws IOException {
        if (request.getContentLengthLong() > max) {
            return null;
        }
        try (InputStream in = request.getInputStream()) {
            byte[] body = in.readNBytes(max + 1);
            return body.length > max ? null : body;
        }
    }

    private static ResponseEntity<ProblemDetail> problem(HttpStatus status, String type, String detail) {
        return problem(ResponseEntity.status(status), status, type, detail);
    }

    private static ResponseEntity<ProblemDetail> problem(ResponseEntity.BodyBuilder response, HttpStatus status,
            String type, String detail) {
        return response.contentType(MediaType.APPLICATION_PROBLEM_JSON)
                .body(ProblemResponses.problem(status, type, detail));
    }
}
