package dev.relink.sandbox;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;

import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.stereotype.Component;

import dev.relink.channel.SmsSink;

/**
 * Where SMS go when {@code relink.sms.provider=capture} (the local profile): kept in memory, newest
 * first, shown at {@code /sandbox/outbox}. Bounded, so a long-running demo does not grow without end.
 */
@Component
@ConditionalOnProperty(prefix = "relink.sms", name = "provider", havingValue = "capture", matchIfMissing = true)
public class SmsOutbox implements SmsSink {

    static final int CAPACITY = 1_000;

    /** One captured SMS; {@code id} stands in for the provider's message id (Twilio's SM… sid). */
    public record Sms(String id, String to, String body, Instant at) {
    }

    private final Deque<Sms> messages = new ArrayDeque<>();
    private final Clock clock;

    public SmsOutbox(Clock clock) {
        this.clock = clock;
    }

    /** Captures one SMS and returns its id. */
    @Override
    public String record(String to, String body) {
        Sms sms = new Sms("SM" + SandboxError.hex32(), to, body, clock.instant());
        synchronized (messages) {
            messages.addFirst(sms);
            if (messages.size() > CAPACITY) {
                messages.removeLast();
            }
        }
        return sms.id();
    }

    /** Every captured SMS, newest first. */
    public List<Sms> messages() {
        synchronized (messages) {
            return List.copyOf(messages);
        }
    }
}
