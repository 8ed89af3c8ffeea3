package dev.relink.sandbox;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.springframework.http.HttpStatus;

/**
 * One Belvo error as the emulator answers it: always a JSON array of
 * {@code {code, message, request_id[, field]}} plus the extra keys some codes carry (a 428's session).
 * The messages are Belvo's documented ones, so clients that match on them behave as against Belvo.
 */
final class SandboxError extends RuntimeException {

    private final HttpStatus status;
    private final String code;
    private final String field;
    private final Map<String, Object> extra;

    private SandboxError(HttpStatus status, String code, String message, String field, Map<String, Object> extra) {
        super(message, null, false, false);
        this.status = status;
        this.code = code;
        this.field = field;
        this.extra = extra;
    }

    private static SandboxError of(HttpStatus status, String code, String message) {
        return new SandboxError(status, code, message, null, Map.of());
    }

    private static SandboxError ofField(String code, String message, String field) {
        return new SandboxError(HttpStatus.BAD_REQUEST, code, message, field, Map.of());
    }

    static SandboxError authenticationFailed() {
        return of(HttpStatus.UNAUTHORIZED, "authentication_failed", "Invalid Secret Keys");
    }

    static SandboxError notFound() {
        return of(HttpStatus.NOT_FOUND, "not_found", "Not found.");
    }

    static SandboxError invalidPage() {
        return of(HttpStatus.NOT_FOUND, "not_found", "Invalid page.");
    }

    static SandboxError methodNotAllowed(String method) {
        return of(HttpStatus.METHOD_NOT_ALLOWED, "method_not_allowed", "Method \"" + method + "\" not allowed.");
    }

    static SandboxError unsupportedMediaType(String contentType) {
        return of(HttpStatus.UNSUPPORTED_MEDIA_TYPE, "unsupported_media_type",
                "Unsupported media type \"" + contentType + "\" in request.");
    }

    static SandboxError parseError(String detail) {
        return of(HttpStatus.BAD_REQUEST, "parse_error", "JSON parse error - " + detail);
    }

    static SandboxError required(String field) {
        return ofField("required", "This field is required.", field);
    }

    static SandboxError invalid(String field, String message) {
        return ofField("invalid", message, field);
    }

    static SandboxError invalidChoice(String field, String value) {
        return ofField("invalid_choice", "\"" + value + "\" is not a valid choice.", field);
    }

    static SandboxError minValue(String field, int min) {
        return ofField("min_value", "Ensure this value is greater than or equal to " + min + ".", field);
    }

    static SandboxError notAList(String field) {
        return ofField("not_a_list", "Expected a list of items.", field);
    }

    static SandboxError doesNotExist(String field, String value) {
        return ofField("does_not_exist", "Invalid pk \"" + value + "\" - object does not exist.", field);
    }

    static SandboxError loginError() {
        return of(HttpStatus.BAD_REQUEST, "login_error", "Invalid credentials provided to login to the institution");
    }

    static SandboxError invalidLink() {
        return of(HttpStatus.BAD_REQUEST, "invalid_link",
                "The link has been invalidated. You may need to update link credentials");
    }

    static SandboxError unconfirmedLink() {
        return of(HttpStatus.BAD_REQUEST, "unconfirmed_link", "The link creation has not been completed yet");
    }

    static SandboxError sessionExpired() {
        return of(HttpStatus.BAD_REQUEST, "session_expired",
                "The session you are trying to resume has expired, please start again from register/retrieve endpoint");
    }

    static SandboxError unexpected() {
        return of(HttpStatus.INTERNAL_SERVER_ERROR, "unexpected_error",
                "Belvo is unable to process the request due to an internal system issue or to an unsupported "
                        + "response from an institution");
    }

    /** Belvo's 428: the session to resume with, its lifetime in seconds, the link, and how to get the token. */
    static SandboxError tokenRequired(MfaSession session) {
        Map<String, Object> generation = new LinkedHashMap<>();
        generation.put("instructions", "Use this code to generate the token");
        generation.put("type", "numeric");
        generation.put("value", session.challenge());
        generation.put("expects_user_input", true);
        Map<String, Object> extra = new LinkedHashMap<>();
        extra.put("session", session.id());
        extra.put("expiry", session.expirySeconds());
        extra.put("link", session.linkId());
        extra.put("token_generation_data", generation);
        return new SandboxError(HttpStatus.PRECONDITION_REQUIRED, "token_required",
                "A MFA token is required by the institution to login", null, extra);
    }

    HttpStatus status() {
        return status;
    }

    /** The response body: a one-element array with a fresh 32-hex request_id, as Belvo sends. */
    List<Map<String, Object>> body() {
        Map<String, Object> error = new LinkedHashMap<>();
        error.put("code", code);
        error.put("message", getMessage());
        error.put("request_id", hex32());
        if (field != null) {
            error.put("field", field);
        }
        error.putAll(extra);
        return List.of(error);
    }

    static String hex32() {
        return UUID.randomUUID().toString().replace("-", "");
    }
}
