package dev.relink.prompt;

import dev.relink.channel.Send;

/**
 * A rendered prompt on its way out on {@code channel} (the channel's {@link dev.relink.channel.Message},
 * addressed). For email, {@code html} and {@code text} are the two alternatives; other channels send
 * only {@code text}. {@code variant}: the template variant it was rendered from ({@code default} outside
 * an experiment).
 */
public record Outgoing(Ladder.Due due, String channel, String to, String recipientMasked, String template,
        String variant, String subject, String html, String text) {

    /** What the channel's send route takes, once the step is claimed as delivery {@code deliveryId}. */
    Send send(long deliveryId) {
        return new Send(deliveryId, channel, to, subject, html, text, due.externalId());
    }

    String incidentId() {
        return due.incidentId();
    }

    int step() {
        return due.step();
    }
}
