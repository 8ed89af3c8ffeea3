package dev.relink.channel;

/**
 * The prompt's templates for one reason and language, rendered with the prompt's model; a channel asks
 * for the parts it sends by name ({@code email-html}, {@code sms}, ...: {@code <part>.mustache}).
 */
public interface TemplateSet {

    /** A part rendered as plain text: nothing escaped. */
    Rendered text(String part);

    /** A part rendered as HTML: every variable escaped. */
    Rendered html(String part);

    /** A rendered part: the name the delivery log records ({@code reason/locale/part}) and the content. */
    record Rendered(String name, String content) {
    }
}
