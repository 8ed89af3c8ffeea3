package dev.relink.belvo;

import java.time.Duration;
import java.util.Set;

/**
 * A Belvo API call that failed: Belvo's error array reduced to what a caller needs. The message
 * never contains the secret keys (it is built only from Belvo's answer and the request path).
 * Status {@value #UNREACHABLE} means no answer at all (connection refused, timeout): retryable.
 */
public class BelvoApiException extends RuntimeException {

    /** The status of a call that got no HTTP answer (connection refused, reset, timed out). */
    public static final int UNREACHABLE = 0;

    /**
     * Relink's own code (Belvo sends no JSON then) for the HTML 403 of Belvo's firewall, which it
     * answers past 80 requests in 30 s from one IP: a rate limit, worth waiting out like a 429.
     */
    public static final String FIREWALL = "firewall_refused";

    private static final Set<String> RETRYABLE_CODES = Set.of("too_many_sessions", FIREWALL);

    private final int status;
    private final String code;
    private final String belvoMessage;
    private final String requestId;
    private final Duration retryAfter;

    public BelvoApiException(int status, String code, String belvoMessage, String requestId, Duration retryAfter,
            String path) {
        this(status, code, belvoMessage, requestId, retryAfter, path, null);
    }

    BelvoApiException(int status, String code, String belvoMessage, String requestId, Duration retryAfter,
            String path, Throwable cause) {
        super(describe(status, code, path, belvoMessage, requestId), cause);
        this.status = status;
        this.code = code;
        this.belvoMessage = belvoMessage;
        this.requestId = requestId;
        this.retryAfter = retryAfter;
    }

    /** No answer from Belvo at all; the cause's message is kept (it names host and port, never the keys). */
    static BelvoApiException unreachable(String path, Exception cause) {
        return new BelvoApiException(UNREACHABLE, null, cause.getClass().getSimpleName() + ": " + cause.getMessage(),
                null, null, path, cause);
    }

    private static String describe(int status, String code, String path, String belvoMessage, String requestId) {
        String what = status == UNREACHABLE ? "Belvo did not answer" : "Belvo answered " + status
                + (code == null ? "" : " " + code);
        return what + " to " + path + ": " + belvoMessage + (requestId == null ? "" : " (request_id " + requestId + ")");
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

    /**
     * Belvo's advice: retry 5xx, 408, 429 and too_many_sessions; every other 4xx needs a person. No
     * answer at all is retried like a 5xx, and the firewall's HTML 403 like a 429.
     */
    public boolean isRetryable() {
        return status == UNREACHABLE || status >= 500 || status == 408 || status == 429
                || (code != null && RETRYABLE_CODES.contains(code)); // Set.of rejects a null lookup
    }

    public boolean isNotFound() {
        return status == 404;
    }
}
