package dev.relink.bounce;

import java.time.Clock;
import java.time.Instant;
import java.util.Optional;

import io.micrometer.core.instrument.MeterRegistry;

import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

import dev.relink.channel.Deliveries;
import dev.relink.channel.DeliveryDeferred;
import dev.relink.channel.DeliveryRefused;
import dev.relink.contact.ContactStore;
import dev.relink.incident.Incident;
import dev.relink.incident.IncidentLifecycle;
import dev.relink.incident.IncidentQueries;

/**
 * What a provider's word on a prompt email changes, wherever it came from (the bounce mailbox, a
 * provider's webhook). A hard bounce marks the contact's address undeliverable and sends the same step
 * at once on the next channel that reaches the person ({@link DeliveryRefused}, as a WhatsApp refusal
 * does); a soft bounce sends the same step by email again after {@code soft-retry-after}, once; a
 * complaint opts the person out of email; a delivery or a delay is recorded. Each notification is
 * logged ({@link FeedbackLog}), those of a shape Relink does not read kept whole, and counted:
 * {@code relink_email_feedback_total{provider, outcome}}.
 */
@Component("emailFeedback")
class EmailFeedback {

    private static final String EMAIL = "email";

    private final Deliveries deliveries;
    private final IncidentQueries queries;
    private final IncidentLifecycle incidents;
    private final ContactStore contacts;
    private final FeedbackLog log;
    private final ApplicationEventPublisher events;
    private final TransactionTemplate tx;
    private final MeterRegistry meters;
    private final Clock clock;
    private final BounceSettings settings;

    EmailFeedback(Deliveries deliveries, IncidentQueries queries, IncidentLifecycle incidents, ContactStore contacts,
            FeedbackLog log, ApplicationEventPublisher events, TransactionTemplate tx, MeterRegistry meters, Clock clock,
            BounceSettings settings) {
        this.deliveries = deliveries;
        this.queries = queries;
        this.incidents = incidents;
        this.contacts = contacts;
        this.log = log;
        this.events = events;
        this.tx = tx;
        this.meters = meters;
        this.clock = clock;
        this.settings = settings;
    }

    /**
     * Applies what the notification says, each piece in its own transaction; a notification holding a
     * shape Relink does not read (its {@code payload}) is kept whole.
     */
    void record(Feedback.Notification notification) {
        if (notification.payload() != null) {
            log.unknown(notification.provider(), notification.payload());
            count(notification.provider(), FeedbackLog.UNKNOWN);
        }
        for (Feedback feedback : notification.feedback()) {
            String outcome = tx.execute(status -> apply(notification.provider(), feedback));
            log.read(notification.provider(), feedback, outcome);
            count(notification.provider(), FeedbackLog.APPLIED.equals(outcome) ? feedback.kind().recorded : outcome);
        }
    }

    private String apply(String provider, Feedback feedback) {
        Optional<Deliveries.SentEmail> found = Optional.ofNullable(feedback.messageId()).flatMap(deliveries::email);
        if (found.isEmpty()) {
            return FeedbackLog.UNMATCHED;
        }
        Deliveries.SentEmail sent = found.get();
        if (!news(sent.feedback(), feedback.kind())) {
            return FeedbackLog.REPEATED;
        }
        deliveries.feedback(sent.id(), feedback.kind().recorded, provider);
        Instant now = clock.instant();
        String who = EMAIL + " to " + sent.recipientMasked() + " (step " + sent.step() + ", " + feedback.detail()
                + ", reported by " + provider + ")";
        Optional<String> person = queries.find(sent.incidentId()).map(Incident::externalId);
        switch (feedback.kind()) {
            case HARD_BOUNCE -> {
                boolean marked = person.map(id -> contacts.emailUndeliverable(id, sent.sentAt(), now)).orElse(false);
                incidents.note(sent.incidentId(), "prompt_bounced", who + " bounced for good"
                        + (marked ? "; the address is marked undeliverable" : "")
                        + "; the step goes out on the next channel that reaches the person");
                events.publishEvent(new DeliveryRefused(sent.incidentId(), sent.step(), EMAIL, feedback.detail()));
            }
            case SOFT_BOUNCE -> {
                boolean again = !Deliveries.SOFT_BOUNCED.equals(sent.feedback());
                Instant retryAt = now.plus(settings.softRetryAfter());
                incidents.note(sent.incidentId(), "prompt_bounced", who + " bounced for now"
                        + (again ? "; the step goes out by email again at " + retryAt : "; it bounced before, so not again"));
                if (again) {
                    events.publishEvent(new DeliveryDeferred(sent.incidentId(), sent.step(), EMAIL, retryAt));
                }
            }
            case COMPLAINT -> {
                boolean optedOut = person.map(id -> contacts.optOut(id, EMAIL, now, null)).orElse(false);
                incidents.note(sent.incidentId(), optedOut ? "opted_out" : "prompt_complained", who
                        + ": the person reported it as spam" + (optedOut ? "; no more prompts by email" : ""));
            }
            case DELIVERED, DELAYED -> {
                // recorded on the delivery (its feedback column); the timeline keeps what changes the ladder
            }
        }
        return FeedbackLog.APPLIED;
    }

    /**
     * Whether the word changes what is known: a bounce or complaint is final (a late "delivered" does not
     * undo it), a soft bounce may follow a delay or an earlier soft bounce (its retry), and nothing repeats.
     */
    private static boolean news(String before, Feedback.Kind now) {
        if (before == null || before.equals("delayed")) {
            return true;
        }
        return switch (now) {
            case DELIVERED, DELAYED -> false;
            case SOFT_BOUNCE -> before.equals(Deliveries.SOFT_BOUNCED) || before.equals("delivered");
            case HARD_BOUNCE -> !before.equals(Deliveries.BOUNCED) && !before.equals("complained");
            case COMPLAINT -> !before.equals("complained");
        };
    }

    private void count(String provider, String outcome) {
        meters.counter("relink.email.feedback", "provider", provider, "outcome", outcome).increment();
    }
}
