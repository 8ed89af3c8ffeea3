package dev.relink.channel;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.stereotype.Component;

/**
 * Provider {@code capture}: the SMS goes to an {@link SmsSink} (the sandbox outbox) instead of a carrier.
 * The sink bean exists only with that provider, so it is looked up when a message is captured, not at startup.
 */
@Component("smsCapture")
public class SmsCapture {

    private final ObjectProvider<SmsSink> sinks;

    SmsCapture(ObjectProvider<SmsSink> sinks) {
        this.sinks = sinks;
    }

    /** Keeps the message; answers the id that stands in for the carrier's message id. */
    public String record(Send send) {
        SmsSink sink = sinks.getIfAvailable();
        if (sink == null) {
            throw new IllegalStateException("relink.sms.provider=capture, but no SMS outbox runs here; use twilio");
        }
        return sink.record(send.to(), send.text());
    }
}
