package dev.relink.channel;

import org.springframework.stereotype.Component;

import dev.relink.contact.Contact;

/** Email (routes/channel-email.yaml, over SMTP): parts {@code email-subject}, {@code email-html}, {@code email-text}. */
@Component
class EmailChannel implements Channel {

    @Override
    public String name() {
        return "email";
    }

    @Override
    public String address(Contact contact) {
        return contact.email();
    }

    @Override
    public String masked(String address) {
        return Masking.email(address);
    }

    @Override
    public Message compose(TemplateSet templates) {
        TemplateSet.Rendered subject = templates.text("email-subject");
        TemplateSet.Rendered html = templates.html("email-html");
        TemplateSet.Rendered text = templates.text("email-text");
        return new Message(html.name(), subject.content().strip().replaceAll("[\\r\\n]+", " "), html.content(),
                text.content());
    }
}
