package dev.relink.channel;

/**
 * Where provider {@code capture} puts an SMS instead of a carrier (the sandbox's outbox, when it runs):
 * owned here so the product names no emulator class.
 */
public interface SmsSink {

    /** Keeps the message; answers the id that stands in for the carrier's message id. */
    String record(String to, String body);
}
