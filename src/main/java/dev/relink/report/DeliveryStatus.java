package dev.relink.report;

import java.util.Set;

/**
 * The one place the report reads a prompt's delivery from: {@code prompt_delivery.status}, as the send routes
 * and the providers' callbacks leave it (Twilio's status callback for SMS and WhatsApp: {@code delivered},
 * then {@code read}; a provider that reports email delivery writes the same words), and the row's
 * {@code updated_at} as the time of that word.
 */
final class DeliveryStatus {

    /** The provider says it reached the person's device (WhatsApp's read receipt comes after delivery). */
    static final Set<String> DELIVERED = Set.of("delivered", "read");
    /** Never sent: still being sent, or failed at once (given up, or refused by the provider). */
    private static final Set<String> NOT_SENT = Set.of("sending", "failed");

    private DeliveryStatus() {
    }

    static boolean delivered(String status) {
        return DELIVERED.contains(status);
    }

    static boolean wentOut(String status) {
        return status != null && !NOT_SENT.contains(status);
    }
}
