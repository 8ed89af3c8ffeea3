package dev.relink.privacy;

import java.time.Clock;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.function.IntSupplier;

import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

import dev.relink.bounce.FeedbackLog;
import dev.relink.channel.Deliveries;
import dev.relink.consent.ConsentRecords;
import dev.relink.deadletter.DeadLetters;
import dev.relink.detect.WebhookInbox;
import dev.relink.inapp.AppEvents;
import dev.relink.incident.IncidentLifecycle;

/**
 * The purge route {@code retention.purge} runs (routes/retention.yaml): what is older than its
 * {@code relink.retention.*} setting goes, in batches of {@link #BATCH} rows, each batch one transaction,
 * so a purge of months of webhooks never holds one long transaction. What is counted stays counted.
 */
@Component("retention")
public class Retention {

    static final int BATCH = 1000;

    /** What one run purged. */
    public record Purged(int webhooks, int incidents, int appEvents, int deadLetters, int emailFeedback) {
    }

    private final RetentionProperties settings;
    private final TransactionTemplate tx;
    private final Clock clock;
    private final WebhookInbox inbox;
    private final IncidentLifecycle incidents;
    private final Deliveries deliveries;
    private final ConsentRecords consents;
    private final AppEvents appEvents;
    private final DeadLetters deadLetters;
    private final FeedbackLog emailFeedback;

    Retention(RetentionProperties settings, TransactionTemplate tx, Clock clock, WebhookInbox inbox,
            IncidentLifecycle incidents, Deliveries deliveries, ConsentRecords consents, AppEvents appEvents,
            DeadLetters deadLetters, FeedbackLog emailFeedback) {
        this.settings = settings;
        this.tx = tx;
        this.clock = clock;
        this.inbox = inbox;
        this.incidents = incidents;
        this.deliveries = deliveries;
        this.consents = consents;
        this.appEvents = appEvents;
        this.deadLetters = deadLetters;
        this.emailFeedback = emailFeedback;
    }

    public Purged purge() {
        Instant now = clock.instant();
        OffsetDateTime webhooksBefore = now.minus(settings.webhookPayloads()).atOffset(ZoneOffset.UTC);
        OffsetDateTime incidentsBefore = now.minus(settings.closedIncidents()).atOffset(ZoneOffset.UTC);
        Instant eventsBefore = now.minus(settings.deliveredAppEvents());
        Instant lettersBefore = now.minus(settings.handledDeadLetters());
        return new Purged(
                inBatches(() -> inbox.purgeProcessedBefore(webhooksBefore, BATCH)),
                inBatches(() -> forgetClosedIncidents(incidentsBefore)),
                inBatches(() -> appEvents.purgeDeliveredBefore(eventsBefore, BATCH)),
                inBatches(() -> deadLetters.purgeReplayedBefore(lettersBefore, BATCH)),
                // the mail providers' notifications are webhooks too, kept as long
                inBatches(() -> emailFeedback.purgeReceivedBefore(webhooksBefore, BATCH)));
    }

    /** One batch of closed incidents forgotten with their deliveries and consents, as an erasure forgets them. */
    private int forgetClosedIncidents(OffsetDateTime before) {
        List<String> ids = incidents.forgetClosedBefore(before, BATCH);
        deliveries.forget(ids);
        consents.forgetConsents(ids);
        return ids.size();
    }

    /** Runs {@code batch} (one transaction each) until it purges less than a full batch; answers the total. */
    private int inBatches(IntSupplier batch) {
        int total = 0;
        int purged;
        do {
            Integer count = tx.execute(status -> batch.getAsInt());
            purged = count == null ? 0 : count;
            total += purged;
        } while (purged >= BATCH);
        return total;
    }
}
