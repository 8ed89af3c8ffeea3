package dev.relink.detect;

/** A claimed {@code webhook_inbox} row on its way through {@code detect.route-webhook}. */
public record InboxEvent(long id, String webhookId, String webhookType, String webhookCode, String linkId,
        String externalId, String requestId) {
}
