package dev.relink.channel;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

import dev.relink.contact.Contact;

/**
 * SMS (routes/channel-sms.yaml, Twilio or the local outbox): part {@code sms}, folded to GSM-7 where
 * a fold exists ({@link SmsText}); a text longer than {@link SmsText#MAX_SEGMENTS} segments still
 * goes out, with a warning to shorten the template ({@code relink validate} refuses it beforehand).
 */
@Component
class SmsChannel implements Channel {

    private static final Logger LOG = LoggerFactory.getLogger(SmsChannel.class);

    @Override
    public String name() {
        return "sms";
    }

    @Override
    public String address(Contact contact) {
        return contact.phone();
    }

    @Override
    public String masked(String address) {
        return Masking.phone(address);
    }

    @Override
    public Message compose(TemplateSet templates) {
        TemplateSet.Rendered sms = templates.text("sms");
        String text = SmsText.toGsm(sms.content().strip());
        int segments = SmsText.segments(text);
        if (segments > SmsText.MAX_SEGMENTS) {
            LOG.warn("SMS template {} renders to {} segments (limit {}); shorten it", sms.name(), segments,
                    SmsText.MAX_SEGMENTS);
        }
        return new Message(sms.name(), null, null, text);
    }
}
