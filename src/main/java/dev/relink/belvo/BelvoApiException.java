package dev.relink.belvo;

import java.time.Duration;
import java.util.Set;

/**
 * A Belvo API call that failed: Belvo's error array reduced to what a caller needs. The message
 * never contains the secret keys (it is built only from Belvo's answer and the request path).
 */
public class BelvoApiException extends RuntimeException {

    private static final Set<String> RETRYABLE_CODES = Set.of("too_many_sessions");

    private final int status;
    private final String code;
    private final String belvoMessage;
    private final String requestId;
    private final Duration retryAfter;

    public BelvoApiException(int status, String code, String belvoMessage, String requestId, Duration retryAfter,
            String path) {
        super("Belvo answered " + status + " " + code + " to " + path + ": " + belvoMessage
                + (requestId == null ? "" : " (request_id " + requestId + ")"));
        this.status = status;
        this.code = code;
        this.belvoMessage = belvoMessage;
        this.requestId = requestId;
        this.retryAfter = retryAfter;
    }

    public int status() {
        return status;
    }

    public String code() {
        return code;
    }

    public String belvoMessage() {
        return belvoMessage;
    }

    public String requestId() {
        return requestId;
    }

    /** The wait Belvo asked for with {@code Retry-After}, or null. */
    public Duration retryAfter() {
        return retryAfter;
    }

    /** Belvo's advice: retry 5xx, 408, 429 and too_many_sessions; every other 4xx needs a person. */
    public boolean isRetryable() {
        return status >= 500 || status == 408 || status == 429 || RETRYABLE_CODES.contains(code);
    }

    public boolean isNotFound() {
        return status == 404;
    }
}
