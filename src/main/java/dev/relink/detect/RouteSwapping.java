package dev.relink.detect;

/**
 * Whether routes are being replaced right now (an edit the routes watcher applies): the webhook
 * servlet then answers 503 with Retry-After, not 404. {@code routes.RouteSwaps} implements it, so
 * intake does not depend on the checker.
 */
public interface RouteSwapping {

    boolean inProgress();
}
