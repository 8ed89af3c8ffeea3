package dev.relink.detect;

import org.springframework.http.HttpStatus;

/** A webhook delivery Relink refuses, with the answer Belvo (or whoever sent it) gets. */
class WebhookRejected extends RuntimeException {

    private final HttpStatus status;
    private final String cause;

    /** @param cause short tag for metrics and the problem type, e.g. {@code unauthorized}, {@code missing-field} */
    WebhookRejected(HttpStatus status, String cause, String detail) {
        super(detail, null, false, false);
        this.status = status;
        this.cause = cause;
    }

    HttpStatus status() {
        return status;
    }

    String tag() {
        return cause;
    }
}
