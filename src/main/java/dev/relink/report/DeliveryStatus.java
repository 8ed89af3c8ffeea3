package dev.relink.report;

import java.util.List;
import java.util.Set;

/**
 * The one place the report reads a prompt's delivery from: {@code prompt_delivery.status}, as the send routes
 * and the providers' callbacks leave it (Twilio's status callback for SMS and WhatsApp: {@code delivered},
 * then {@code read}, or {@code undelivered}; an email provider's word: {@code delivered}, {@code bounced}),
 * the row's {@code updated_at} as the time of that word, and for email {@code feedback} and
 * {@code feedback_provider}: the email provider's last word and who said it ({@code complained} leaves the
 * status as it was).
 */
final class DeliveryStatus {

    /** The provider says it reached the person's device (WhatsApp's read receipt comes after delivery). */
    static final Set<String> DELIVERED = Set.of("delivered", "read");
    /**
     * The provider took it and then says it could not deliver it: an email bounced for good (a soft bounce
     * is sent again and counted by what became of it then), an SMS or WhatsApp message Twilio calls undelivered.
     */
    static final Set<String> BOUNCED = Set.of("bounced", "undelivered");
    /** SMS and WhatsApp go out through Twilio, whose status callbacks report on them. */
    static final String TWILIO = "twilio";
    /** An email no provider has said anything of yet (nor the bounce mailbox). */
    static final String UNREPORTED = "unreported";
    /** Every value of {@link #provider}: the email providers and the bounce mailbox Relink reads (package bounce), Twilio. */
    static final List<String> PROVIDERS = List.of("ses", "sendgrid", "postmark", "mailgun", "mailbox", TWILIO, UNREPORTED);
    /** Never sent: still being sent, or failed at once (given up, or refused by the provider). */
    private static final Set<String> NOT_SENT = Set.of("sending", "failed");

    private DeliveryStatus() {
    }

    static boolean delivered(String status) {
        return DELIVERED.contains(status);
    }

    static boolean bounced(String status) {
        return BOUNCED.contains(status);
    }

    /** The person reported the email as spam (to their mailbox provider, which told the sending provider). */
    static boolean complained(String feedback) {
        return "complained".equals(feedback);
    }

    /**
     * Who reports on the prompt: for an email, the provider that gave its last word ({@code ses},
     * {@code sendgrid}, {@code postmark}, {@code mailgun}, {@code mailbox}: the bounce mailbox), else
     * {@link #UNREPORTED}; for SMS and WhatsApp {@link #TWILIO}.
     */
    static String provider(String channel, String feedbackProvider) {
        if (!"email".equals(channel)) {
            return TWILIO;
        }
        return feedbackProvider == null || feedbackProvider.isBlank() ? UNREPORTED : feedbackProvider;
    }

    static boolean wentOut(String status) {
        return status != null && !NOT_SENT.contains(status);
    }
}
