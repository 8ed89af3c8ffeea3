package dev.relink.detect;

/** A Belvo webhook that passed the intake checks, with its raw payload (unknown fields included). */
record WebhookDelivery(String webhookId, String webhookType, String webhookCode, String linkId, String externalId,
        String requestId, String payload) {
}
