package dev.relink.deadletter;

/** A replay that cannot be done: the dead letter is unknown, or its route cannot take it. */
public class ReplayRefused extends RuntimeException {

    enum Reason { NOT_FOUND, CONFLICT }

    private final Reason reason;

    ReplayRefused(Reason reason, String message) {
        super(message);
        this.reason = reason;
    }

    Reason reason() {
        return reason;
    }
}
