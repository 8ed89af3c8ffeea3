package dev.relink.detect;

import com.fasterxml.jackson.databind.JsonNode;
import org.apache.camel.Exchange;
import org.apache.camel.ProducerTemplate;

import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.ErrorResponseException;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

import dev.relink.belvo.Link;
import dev.relink.incident.Incident;
import dev.relink.incident.Signal;
import dev.relink.web.JsonBodies;
import dev.relink.web.ProblemResponses;

/**
 * {@code POST /api/link-errors}: the app reports a Belvo error it got for a link. A Spring MVC
 * controller rather than a Camel HTTP route because it lives under {@code /api/**}, where the
 * API key filter and Spring's problem+json handling already apply; the signal itself still goes
 * through route {@code detect.signal}, like every other source.
 */
@RestController
class LinkErrorController {

    private static final String SHAPE =
            "The body must be a JSON object: {\"link_id\", \"status\", \"code\"} or {\"link_id\", \"errors\": [...]}.";

    private final JsonBodies bodies;
    private final ProducerTemplate camel;
    /** Which Belvo error codes only the user can fix, and the incident reason each one opens (section errors). */
    private final SignalTable table;

    LinkErrorController(JsonBodies bodies, ProducerTemplate camel, SignalTable table) {
        this.bodies = bodies;
        this.camel = camel;
        this.table = table;
    }

    record Accepted(String incident_id, String state, String reason, int signal_count) {
    }

    @PostMapping(path = "/api/link-errors", consumes = MediaType.APPLICATION_JSON_VALUE)
    ResponseEntity<Accepted> report(@RequestBody(required = false) byte[] body) {
        JsonNode report = parse(body);
        String linkId = text(report, "link_id", true, 64);
        if (!Link.isId(linkId)) {
            throw problem(HttpStatus.BAD_REQUEST, "invalid-link-id", Link.notAnId(linkId));
        }
        String code;
        String requestId = null;
        if (report.has("errors")) {
            JsonNode errors = report.get("errors");
            if (!errors.isArray() || errors.isEmpty()) {
                throw problem(HttpStatus.BAD_REQUEST, "invalid-field",
                        "Field 'errors' must be Belvo's non-empty error array, e.g. [{\"code\":\"invalid_link\"}].");
            }
            JsonNode actionable = null;
            for (JsonNode error : errors) {
                if (!error.isObject()) {
                    throw problem(HttpStatus.BAD_REQUEST, "invalid-field", "Each item of 'errors' must be an object.");
                }
                if (actionable == null && table.forError(text(error, "code", true, 128)) != null) {
                    actionable = error;
                }
            }
            JsonNode chosen = actionable != null ? actionable : errors.get(0);
            code = chosen.get("code").asText();
            requestId = text(chosen, "request_id", false, 128);
        } else {
            code = text(report, "code", true, 128);
            JsonNode status = report.get("status");
            if (status != null && !status.isNull() && !status.canConvertToInt()) {
                throw problem(HttpStatus.BAD_REQUEST, "invalid-field", "Field 'status' must be the HTTP status number.");
            }
            requestId = text(report, "request_id", false, 128);
        }
        String reason = table.forError(code);
        if (reason == null) {
            throw problem(HttpStatus.UNPROCESSABLE_ENTITY, "not-actionable", "Belvo error '" + code
                    + "' is not one the user can fix, so no incident was opened. Only "
                    + String.join(", ", table.actionableErrors()) + " mean the user must act; retry or investigate the others.");
        }
        Signal signal = new Signal(linkId, text(report, "external_id", false, 256), null, reason, Signal.APP, null,
                requestId);
        Exchange done = camel.request("direct:detect.signal", exchange -> exchange.getMessage().setBody(signal));
        Incident incident = done.getMessage().getBody(Incident.class);
        if (done.getException() != null || incident == null) {
            throw problem(HttpStatus.SERVICE_UNAVAILABLE, "not-stored",
                    "The error could not be recorded right now; report it again later.");
        }
        return ResponseEntity.status(HttpStatus.ACCEPTED).body(new Accepted(incident.id(), incident.state(),
                incident.reason(), incident.signalCount()));
    }

    private JsonNode parse(byte[] body) {
        if (body == null || body.length == 0) {
            throw problem(HttpStatus.BAD_REQUEST, "empty-body",
                    "Send {\"link_id\", \"status\", \"code\"} or {\"link_id\", \"errors\": [...]} as JSON.");
        }
        JsonNode report;
        try {
            report = bodies.tree(body);
        } catch (JsonBodies.UnreadableJson unreadable) {
            throw problem(HttpStatus.BAD_REQUEST, unreadable.tag(), unreadable.detail() + " " + SHAPE);
        }
        if (report != null && report.isObject()) {
            return report;
        }
        throw problem(HttpStatus.BAD_REQUEST, "malformed-json", SHAPE);
    }

    private static String text(JsonNode node, String field, boolean required, int maxLength) {
        JsonNode value = node.get(field);
        if (value == null || value.isNull()) {
            if (required) {
                throw problem(HttpStatus.BAD_REQUEST, "missing-field", "Field '" + field + "' is required (a string).");
            }
            return null;
        }
        if (!value.isTextual() || value.asText().isBlank() || value.asText().length() > maxLength) {
            throw problem(HttpStatus.BAD_REQUEST, "invalid-field",
                    "Field '" + field + "' must be a non-empty string of at most " + maxLength + " characters.");
        }
        if (value.asText().indexOf('\u0000') >= 0) {
            // PostgreSQL's text cannot hold it: a clear 400 rather than a failed insert.
            throw problem(HttpStatus.BAD_REQUEST, "invalid-field", "Field '" + field + "' contains the character U+0000.");
        }
        return value.asText();
    }

    private static ErrorResponseException problem(HttpStatus status, String type, String detail) {
        return new ErrorResponseException(status, ProblemResponses.problem(status, type, detail), null);
    }
}
