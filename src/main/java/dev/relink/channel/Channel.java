package dev.relink.channel;

import dev.relink.contact.Contact;

/**
 * A way to reach a person with a prompt; one bean per channel. The ladder sees channels only through
 * this: it picks the one that reaches the contact ({@link Channels#reaching}), has it compose the
 * message from the prompt's template set, and queues the message on {@code seda:prompt.send-<name>},
 * which the channel's send route reads (routes/channel-<name>.yaml). Adding a channel is a bean of
 * this type, its send route and its parts in each template set.
 */
public interface Channel {

    /** As {@code relink.prompt.channels}, contacts and the delivery log name it; also its queue's suffix. */
    String name();

    /** Where the contact is reached on this channel, or null when they cannot be. */
    String address(Contact contact);

    /** The address as the delivery log and the ops console show it: enough to recognise, not to harvest. */
    String masked(String address);

    /** The message, from the parts of the template set this channel sends. */
    Message compose(TemplateSet templates);
}
