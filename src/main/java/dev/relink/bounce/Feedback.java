package dev.relink.bounce;

import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * One thing a provider said about one message Relink sent, found by its Message-ID ({@code <id@host>}).
 * {@code detail}: the status code or type the provider gave (5.1.1, HardBounce, abuse), never an address.
 */
record Feedback(Kind kind, String messageId, String detail) {

    /** What became of the message, as {@code prompt_delivery.feedback} records it. */
    enum Kind {
        /** The receiving server took it. */
        DELIVERED("delivered"),
        /** Not delivered yet; the sending server goes on trying by itself. */
        DELAYED("delayed"),
        /** Given up on for now (4.x.x): a full mailbox, a server refusing for a while. */
        SOFT_BOUNCE("soft_bounced"),
        /** Given up on for good (5.x.x): the address does not take mail. */
        HARD_BOUNCE("bounced"),
        /** The person reported it as spam. */
        COMPLAINT("complained");

        final String recorded;

        Kind(String recorded) {
            this.recorded = recorded;
        }
    }

    /** A Message-ID as Relink records it: in angle brackets, whatever a provider strips or keeps. */
    static String messageId(String raw) {
        if (raw == null || raw.isBlank()) {
            return null;
        }
        String id = raw.strip();
        return id.startsWith("<") ? id : "<" + id + ">";
    }

    /**
     * What a notification held: the feedback Relink read from it, and the notification as it came when
     * some of it has a shape Relink does not read (null when all of it was read).
     */
    record Notification(String provider, List<Feedback> feedback, String payload) {

        static Notification of(String provider, List<Feedback> feedback, String payload) {
            return new Notification(provider, List.copyOf(feedback), payload);
        }

        /**
         * A notification of one event: its feedback when it was read; else kept whole, unless its type is
         * one that says nothing about delivery ({@code ignorable}: opens, clicks).
         */
        static Notification ofOne(String provider, Feedback read, boolean ignorable, JsonNode event) {
            return read != null ? of(provider, List.of(read), null)
                    : of(provider, List.of(), ignorable ? null : event.toString());
        }
    }

    /** A status code (RFC 3463: class 2, 4 or 5) as the kind of bounce it says; null when it is no failure. */
    static Kind ofStatus(String status) {
        if (status == null || status.isBlank()) {
            return null;
        }
        return switch (status.strip().charAt(0)) {
            case '5' -> Kind.HARD_BOUNCE;
            case '4' -> Kind.SOFT_BOUNCE;
            default -> null;
        };
    }
}
