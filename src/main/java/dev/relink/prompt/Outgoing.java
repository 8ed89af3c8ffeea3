package dev.relink.prompt;

/**
 * A rendered prompt on its way out. For email, {@code html} and {@code text} are the two
 * alternatives; for SMS only {@code text} is used. {@code deliveryId} is set once the step is claimed.
 */
public record Outgoing(String incidentId, int step, String channel, String to, String recipientMasked,
        String template, String subject, String html, String text, Long deliveryId) {

    Outgoing withDeliveryId(long id) {
        return new Outgoing(incidentId, step, channel, to, recipientMasked, template, subject, html, text, id);
    }
}
