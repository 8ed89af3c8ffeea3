package dev.relink.contact;

import java.time.Instant;

/**
 * A contact was stored for {@code externalId} (API, import or seed file). Published inside the saving
 * transaction, so what a listener changes commits or rolls back with the contact.
 */
public record ContactSaved(String externalId, Instant at) {
}
