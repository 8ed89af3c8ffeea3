package dev.relink.privacy;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

import dev.relink.bounce.FeedbackLog;
import dev.relink.channel.Deliveries;
import dev.relink.consent.ConsentRecords;
import dev.relink.contact.Contact;
import dev.relink.contact.ContactStore;
import dev.relink.deadletter.DeadLetters;
import dev.relink.detect.WebhookInbox;
import dev.relink.inapp.AppEvents;
import dev.relink.incident.IncidentLifecycle;

/**
 * Erases a person (the app's user {@code externalId}) everywhere Relink holds them, in one transaction:
 * each table's owner forgets its share. What stays is counts: the incidents with their state, reason,
 * institution and funnel stages, the deliveries' steps and outcomes; nothing that names or reaches the person.
 * Relink cannot erase what Belvo holds: the app deletes the link there (docs/operations.md).
 */
@Component
class Erasure {

    private static final Logger log = LoggerFactory.getLogger(Erasure.class);

    /** What one erasure removed. */
    record Erased(boolean contact, int incidents, int webhooks, int appEvents, int deadLetters, int emailFeedback) {

        boolean anything() {
            return contact || incidents + webhooks + appEvents + deadLetters + emailFeedback > 0;
        }
    }

    private final TransactionTemplate tx;
    private final ContactStore contacts;
    private final ConsentRecords consents;
    private final IncidentLifecycle incidents;
    private final Deliveries deliveries;
    private final AppEvents appEvents;
    private final WebhookInbox inbox;
    private final DeadLetters deadLetters;
    private final FeedbackLog emailFeedback;

    Erasure(TransactionTemplate tx, ContactStore contacts, ConsentRecords consents, IncidentLifecycle incidents,
            Deliveries deliveries, AppEvents appEvents, WebhookInbox inbox, DeadLetters deadLetters,
            FeedbackLog emailFeedback) {
        this.tx = tx;
        this.contacts = contacts;
        this.consents = consents;
        this.incidents = incidents;
        this.deliveries = deliveries;
        this.appEvents = appEvents;
        this.inbox = inbox;
        this.deadLetters = deadLetters;
        this.emailFeedback = emailFeedback;
    }

    Erased erase(String externalId) {
        Erased erased = tx.execute(status -> {
            // every string that could name the person in a dead letter, gathered as each owner forgets its share
            List<String> traces = new ArrayList<>(List.of(externalId));
            consents.forgetIdentity(externalId).ifPresent(traces::add);
            Optional<Contact> contact = contacts.forget(externalId);
            contact.ifPresent(c -> {
                traces.add(c.email());
                traces.add(c.phone());
            });
            IncidentLifecycle.Forgotten forgotten = incidents.forgetPerson(externalId,
                    "The person's data was erased at the app's request");
            // what the mail providers said of the person's emails: by their Message-IDs, and their address
            List<String> mailTraces = new ArrayList<>(deliveries.providerIds(forgotten.incidentIds()));
            contact.ifPresent(c -> mailTraces.add(c.email()));
            int feedback = emailFeedback.forget(mailTraces);
            deliveries.forget(forgotten.incidentIds());
            consents.forgetConsents(forgotten.incidentIds());
            List<String> events = appEvents.forget(forgotten.incidentIds());
            int webhooks = inbox.forget(externalId, forgotten.linkIds());
            traces.addAll(forgotten.linkIds());
            traces.addAll(forgotten.incidentIds());
            traces.addAll(events);
            return new Erased(contact.isPresent(), forgotten.incidentIds().size(), webhooks, events.size(),
                    deadLetters.forget(traces), feedback);
        });
        // counts only: the log must not name whom it erased
        log.info("Erased a person at the app's request: {}", erased);
        return erased;
    }
}
