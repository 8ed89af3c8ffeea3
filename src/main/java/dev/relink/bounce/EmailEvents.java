package dev.relink.bounce;

import com.fasterxml.jackson.databind.JsonNode;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.ErrorResponseException;

import dev.relink.web.ProblemResponses;

/**
 * What the providers' webhooks under {@code /email-events/} have in common: 202 for a notification taken
 * (read, or kept as a shape Relink does not read), 401 problem+json for one whose signature or credential
 * is missing or wrong, 404 while the provider is not configured. Problems never quote the credential,
 * the signature or an address.
 */
final class EmailEvents {

    static final String PATH = "/email-events/";

    private EmailEvents() {
    }

    static ResponseEntity<Void> accepted() {
        return ResponseEntity.accepted().build();
    }

    static ErrorResponseException unauthorized(String type, String detail) {
        return new ErrorResponseException(HttpStatus.UNAUTHORIZED,
                ProblemResponses.problem(HttpStatus.UNAUTHORIZED, type, detail), null);
    }

    /** A 401 that asks for HTTP Basic credentials (Postmark's webhook URL carries them). */
    static ErrorResponseException basicAuthRequired(String detail) {
        ErrorResponseException refused = unauthorized("bad-credentials", detail);
        refused.getHeaders().set(HttpHeaders.WWW_AUTHENTICATE, "Basic realm=\"relink\"");
        return refused;
    }

    static ErrorResponseException badRequest(String type, String detail) {
        return new ErrorResponseException(HttpStatus.BAD_REQUEST,
                ProblemResponses.problem(HttpStatus.BAD_REQUEST, type, detail), null);
    }

    static ErrorResponseException notConfigured(String provider, String setting) {
        return new ErrorResponseException(HttpStatus.NOT_FOUND, ProblemResponses.problem(HttpStatus.NOT_FOUND,
                "email-events-off", provider + " notifications are not taken: " + setting + " is not set."), null);
    }

    /** The field's text, or null when it is absent, not text or blank. */
    static String text(JsonNode node, String field) {
        JsonNode value = node.path(field);
        return value.isTextual() && !value.asText().isBlank() ? value.asText() : null;
    }

    static boolean blank(String value) {
        return value == null || value.isBlank();
    }
}
