package dev.relink.channel;

/**
 * One prompt for a channel's send route, taken whole (routes/channel-*.yaml): the delivery it is
 * recorded as, the channel ({@code email}, {@code sms}, {@code whatsapp}) and address, and the message
 * as the channel composed it: an email's subject with its {@code html} and plain-{@code text}
 * alternatives, an SMS's text, a WhatsApp template's ContentSid and ContentVariables (JSON, in
 * {@code text}). {@code externalId}: whose prompt it is (an email's opt-out link is theirs).
 */
public record Send(long deliveryId, String channel, String to, String subject, String html, String text, String externalId) {
}
