package dev.relink.channel;

/**
 * What a channel composed: the template the delivery log records, and the content. An email has a
 * subject and two alternatives ({@code html} and {@code text}); other channels only {@code text}.
 */
public record Message(String template, String subject, String html, String text) {
}
