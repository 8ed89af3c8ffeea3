package dev.relink.prompt;

/**
 * A rendered prompt on its way out. For email, {@code html} and {@code text} are the two
 * alternatives; for SMS only {@code text} is used. {@code deliveryId} is set once the step is claimed.
 */
public record Outgoing(Ladder.Due due, String channel, String to, String recipientMasked, String template,
        String subject, String html, String text, Long deliveryId) {

    Outgoing withDeliveryId(long id) {
        return new Outgoing(due, channel, to, recipientMasked, template, subject, html, text, id);
    }

    String incidentId() {
        return due.incidentId();
    }

    int step() {
        return due.step();
    }
}
