package dev.relink.prompt;

/**
 * A rendered prompt on its way out on {@code channel} (the channel's {@link dev.relink.channel.Message},
 * addressed). For email, {@code html} and {@code text} are the two alternatives; other channels send
 * only {@code text}. {@code variant}: the template variant it was rendered from ({@code default} outside
 * an experiment). {@code deliveryId} is set once the step is claimed.
 */
public record Outgoing(Ladder.Due due, String channel, String to, String recipientMasked, String template,
        String variant, String subject, String html, String text, Long deliveryId) {

    Outgoing withDeliveryId(long id) {
        return new Outgoing(due, channel, to, recipientMasked, template, variant, subject, html, text, id);
    }

    /** The body of the channel's send route: the HTML of an email, else the text. */
    public String body() {
        return html != null ? html : text;
    }

    /** The plain-text alternative of an HTML body (header promptText of an email), else null. */
    public String plainText() {
        return html != null ? text : null;
    }

    String incidentId() {
        return due.incidentId();
    }

    int step() {
        return due.step();
    }
}
