package dev.relink.channel;

/**
 * A channel refused step {@code step} of an incident in a way another channel can make up for (WhatsApp:
 * 63003 the number is not on WhatsApp, 63016 the template was refused): the ladder sends the same step
 * on the next channel that reaches the person.
 */
public record DeliveryRefused(String incidentId, int step, String channel, String code) {
}
