package dev.relink.detect;

import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.micrometer.core.instrument.MeterRegistry;
import org.apache.camel.Exchange;
import org.apache.camel.http.common.HttpMessage;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.dao.DataAccessException;
import org.springframework.http.HttpStatus;
import org.springframework.http.InvalidMediaTypeException;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.stereotype.Component;

import dev.relink.web.JsonBodies;
import dev.relink.web.ProblemResponses;
import dev.relink.web.SecretMatch;

/**
 * The checks and answers of route {@code detect.webhook-intake}: who may deliver, what a delivery
 * must look like, handing a good one to {@link WebhookInbox}, and the answer for each refusal.
 */
@Component("webhookIntake")
class WebhookIntake {

    private static final Logger log = LoggerFactory.getLogger(WebhookIntake.class);

    /** Column widths of {@code webhook_inbox}: a longer value is refused by name rather than failing the insert. */
    private static final Map<String, Integer> REQUIRED = Map.of("webhook_id", 128, "webhook_type", 64,
            "webhook_code", 128);
    private static final List<String> REQUIRED_ORDER = List.of("webhook_id", "webhook_type", "webhook_code");
    private static final Map<String, Integer> OPTIONAL = Map.of("link_id", 64, "external_id", 256, "request_id", 128);

    private final WebhookProperties properties;
    private final ObjectMapper json;
    private final JsonBodies bodies;
    private final MeterRegistry meters;
    private final WebhookInbox inbox;

    WebhookIntake(WebhookProperties properties, ObjectMapper json, JsonBodies bodies, MeterRegistry meters,
            WebhookInbox inbox) {
        this.properties = properties;
        this.json = json;
        this.bodies = bodies;
        this.meters = meters;
        this.inbox = inbox;
    }

    /**
     * 401 unless the request carries exactly the configured Authorization value. Read from the HTTP
     * request itself: the route maps no request header into the message, and a secret sent as a query
     * parameter does not count.
     */
    public void authorize(Exchange exchange) {
        String header = exchange.getMessage() instanceof HttpMessage http ? http.getRequest().getHeader("Authorization")
                : null;
        if (header == null || !SecretMatch.matches(header, properties.authorization())) {
            throw new WebhookRejected(HttpStatus.UNAUTHORIZED, "unauthorized", header == null
                    ? "Send the Authorization header configured for this webhook in Belvo's dashboard."
                    : "The Authorization header does not match the one configured for Belvo webhooks.");
        }
    }

    /**
     * Checks the body (400 naming what is wrong) and stores the delivery: one durable insert; a repeat
     * of (id, type, code) changes nothing.
     */
    public WebhookInbox.Stored store(Exchange exchange) {
        return inbox.store(parse(exchange));
    }

    private WebhookDelivery parse(Exchange exchange) {
        byte[] body = exchange.getMessage().getBody(byte[].class);
        if (body == null || body.length == 0) {
            throw badRequest("empty-body", "The body is empty; send the webhook event as a JSON object.");
        }
        String text;
        JsonNode event;
        try {
            text = JsonBodies.utf8(body);
            event = bodies.tree(text);
        } catch (JsonBodies.UnreadableJson unreadable) {
            throw badRequest(unreadable.tag(), unreadable.detail());
        }
        if (event == null || !event.isObject()) {
            throw badRequest("not-an-object", "The body must be a JSON object with webhook_id, webhook_type and "
                    + "webhook_code.");
        }
        for (String field : REQUIRED_ORDER) {
            JsonNode value = event.get(field);
            if (value == null || value.isNull()) {
                throw badRequest("missing-field", "Field '" + field + "' is required (a string).");
            }
            if (!value.isTextual() || value.asText().isBlank()) {
                throw badRequest("invalid-field", "Field '" + field + "' must be a non-empty string.");
            }
            requireLength(field, value.asText(), REQUIRED.get(field));
        }
        return new WebhookDelivery(event.get("webhook_id").asText(), event.get("webhook_type").asText(),
                event.get("webhook_code").asText(), optional(event, "link_id"), optional(event, "external_id"),
                optional(event, "request_id"), text);
    }

    /** The problem+json answer for a refused delivery; 503 only when the database could not store it. */
    public void refused(Exchange exchange) {
        Exception caught = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Exception.class);
        ProblemDetail problem;
        if (caught instanceof WebhookRejected rejected) {
            problem = ProblemResponses.problem(rejected.status(), "webhook-" + rejected.tag(), rejected.getMessage());
            reject(rejected.tag());
            if (rejected.status() == HttpStatus.UNAUTHORIZED) {
                exchange.getMessage().setHeader("WWW-Authenticate", "Bearer realm=\"relink-webhooks\"");
            }
        } else if (caught instanceof DataAccessException) {
            // The database is unreachable, slow or stopping: 503 makes Belvo deliver again later; nothing was acknowledged.
            log.warn("Webhook could not be stored: {} (database)", caught.getClass().getName());
            problem = ProblemResponses.problem(HttpStatus.SERVICE_UNAVAILABLE, "webhook-not-stored",
                    "The event could not be stored right now; deliver it again later.");
            exchange.getMessage().setHeader("Retry-After", "30");
            reject("not-stored");
        } else {
            // A fault of Relink's own, not the database's and not the sender's: said as such (Belvo retries a 500 too).
            log.error("Webhook intake failed", caught);
            problem = ProblemResponses.problem(HttpStatus.INTERNAL_SERVER_ERROR, "webhook-intake-failed",
                    "Relink failed to take this event; it was not stored. Deliver it again later.");
            reject("intake-failed");
        }
        exchange.getMessage().setHeader(Exchange.HTTP_RESPONSE_CODE, problem.getStatus());
        exchange.getMessage().setHeader(Exchange.CONTENT_TYPE, MediaType.APPLICATION_PROBLEM_JSON_VALUE);
        try {
            exchange.getMessage().setBody(json.writeValueAsString(problem));
        } catch (JsonProcessingException impossible) {
            throw new IllegalStateException(impossible);
        }
    }

    void reject(String cause) {
        meters.counter("relink.webhooks", "result", "rejected", "cause", cause).increment();
    }

    static final String NOT_JSON = "Send the event as 'Content-Type: application/json'";

    static boolean isJson(String contentType) {
        if (contentType == null) {
            return false;
        }
        try {
            MediaType type = MediaType.parseMediaType(contentType);
            return "application".equals(type.getType())
                    && ("json".equals(type.getSubtype()) || "json".equals(type.getSubtypeSuffix()));
        } catch (InvalidMediaTypeException unparsable) {
            return false;
        }
    }

    private static String optional(JsonNode event, String field) {
        JsonNode value = event.get(field);
        if (value == null || value.isNull()) {
            return null;
        }
        if (!value.isTextual()) {
            throw badRequest("invalid-field", "Field '" + field + "' must be a string or null.");
        }
        requireLength(field, value.asText(), OPTIONAL.get(field));
        return value.asText();
    }

    private static void requireLength(String field, String value, int max) {
        if (value.length() > max) {
            throw badRequest("invalid-field", "Field '" + field + "' is longer than " + max + " characters.");
        }
        if (value.indexOf('\u0000') >= 0) {
            // PostgreSQL's text cannot hold it: refused now rather than answered 503 at every redelivery.
            throw badRequest("invalid-field", "Field '" + field + "' contains the character U+0000.");
        }
    }

    private static WebhookRejected badRequest(String cause, String detail) {
        return new WebhookRejected(HttpStatus.BAD_REQUEST, cause, detail);
    }
}
