package dev.relink.channel;

import org.apache.camel.Header;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.stereotype.Component;

import dev.relink.sandbox.SmsOutbox;

/**
 * Provider {@code capture}: the SMS goes to the sandbox outbox instead of a carrier. The outbox bean
 * exists only with that provider, so it is looked up when a message is captured, not at startup.
 */
@Component("smsCapture")
public class SmsCapture {

    private final ObjectProvider<SmsOutbox> outbox;

    SmsCapture(ObjectProvider<SmsOutbox> outbox) {
        this.outbox = outbox;
    }

    /** Keeps the message; answers the id that stands in for the carrier's message id. */
    public String record(@Header("to") String to, String body) {
        SmsOutbox sink = outbox.getIfAvailable();
        if (sink == null) {
            throw new IllegalStateException("relink.sms.provider=capture, but no SMS outbox runs here; use twilio");
        }
        return sink.record(to, body);
    }
}
