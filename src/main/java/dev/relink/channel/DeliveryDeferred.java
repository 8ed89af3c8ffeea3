package dev.relink.channel;

import java.time.Instant;

/**
 * A channel could not deliver step {@code step} of an incident for now (an email's soft bounce: a full
 * mailbox, a server refusing for a while): the ladder sends the same step on the same channel at {@code retryAt}.
 */
public record DeliveryDeferred(String incidentId, int step, String channel, Instant retryAt) {
}
