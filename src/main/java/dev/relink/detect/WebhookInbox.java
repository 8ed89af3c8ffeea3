package dev.relink.detect;

import java.time.Clock;
import java.time.OffsetDateTime;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import org.apache.camel.Exchange;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

import dev.relink.database.DatabaseAway;
import dev.relink.database.LikePatterns;
import dev.relink.database.RowClaims;

/**
 * Table {@code webhook_inbox}: every accepted webhook is a row before it is answered, and rows are
 * processed from here, so nothing acknowledged is lost when the app stops. Rows move
 * {@code pending -> processing -> done | ignored | failed}; a claim that outlives its
 * {@code claimed_until} (the app died mid-way) is taken over by the next round, on any replica.
 */
@Component("webhookInbox")
public class WebhookInbox {

    private static final Logger log = LoggerFactory.getLogger(WebhookInbox.class);

    static final String PENDING = "pending";
    static final String PROCESSING = "processing";
    static final String DONE = "done";
    static final String IGNORED = "ignored";
    static final String FAILED = "failed";

    /**
     * Outcome header set by {@code detect.route-webhook}; {@code ignored}, or {@code ignored: <why>},
     * marks the row ignored.
     */
    static final String OUTCOME_HEADER = "inboxOutcome";

    record Stored(long id, boolean duplicate) {
    }

    private final JdbcTemplate jdbc;
    private final InboxWriter writer;
    private final TransactionTemplate tx;
    private final InboxProperties properties;
    private final MeterRegistry meters;
    private final Counter accepted;
    private final Counter duplicates;
    private final Clock clock;
    private final RowClaims rows;

    WebhookInbox(JdbcTemplate jdbc, InboxWriter writer, TransactionTemplate tx, InboxProperties properties,
            MeterRegistry meters, Clock clock, RowClaims rows) {
        this.jdbc = jdbc;
        this.rows = rows;
        this.writer = writer;
        this.clock = clock;
        this.tx = tx;
        this.properties = properties;
        this.meters = meters;
        this.accepted = meters.counter("relink.webhooks", "result", "accepted", "cause", "none");
        this.duplicates = meters.counter("relink.webhooks", "result", "duplicate", "cause", "none");
        Gauge.builder("relink.inbox.backlog", this, WebhookInbox::backlog)
                .description("Stored webhooks not yet processed").register(meters);
    }

    /** Stores the delivery durably (committed together with those arriving alongside it); a repeat changes nothing. */
    public Stored store(WebhookDelivery delivery) {
        Stored stored = writer.write(delivery, now());
        (stored.duplicate() ? duplicates : accepted).increment();
        return stored;
    }

    /**
     * Claims the next rows to process: those whose claim ran out first (they are the older), then
     * pending ones, each in id order straight from index {@code (status, id)}: one query over both
     * statuses would sort every waiting row on every claim. Replicas claim side by side without
     * waiting on each other ({@link RowClaims}). The batch comes in link order (a link's rows in id
     * order): its transaction then locks incidents in the order the other batches lock them, on
     * every replica, so two batches never wait on each other in a circle. With the database away nothing
     * is claimed (the next round tries again): there is nothing to retry or dead-letter, the rows are in
     * the database.
     */
    public List<InboxEvent> claim() {
        try {
            return claimNext();
        } catch (RuntimeException failed) {
            if (!DatabaseAway.isCause(failed)) {
                throw failed;
            }
            log.warn("Webhook inbox not claimed, the database failed (the next round tries again): {}", failed.getMessage());
            return List.of();
        }
    }

    private List<InboxEvent> claimNext() {
        OffsetDateTime now = now();
        List<InboxEvent> claimed = tx.execute(status -> {
            int limit = properties.batchSize();
            List<Long> ids = new ArrayList<>(jdbc.queryForList("select id from webhook_inbox where status = ? "
                    + "and claimed_until < ? order by status, id fetch first ? rows only" + rows.skipLocked(),
                    Long.class, PROCESSING, now, limit));
            if (ids.size() < limit) {
                ids.addAll(jdbc.queryForList("select id from webhook_inbox where status = ? order by status, id "
                        + "fetch first ? rows only" + rows.skipLocked(), Long.class, PENDING, limit - ids.size()));
            }
            if (ids.isEmpty()) {
                return List.of();
            }
            String in = String.join(",", ids.stream().map(String::valueOf).toList());
            int gaveUp = jdbc.update("update webhook_inbox set status = ?, claimed_until = null, processed_at = ?, "
                    + "error = ? where id in (" + in + ") and attempts >= ?", FAILED, now,
                    "Given up after " + properties.maxAttempts() + " claims that never finished", properties.maxAttempts());
            if (gaveUp > 0) {
                log.warn("{} webhook inbox row(s) marked failed after {} unfinished claims", gaveUp,
                        properties.maxAttempts());
            }
            jdbc.update("update webhook_inbox set status = ?, claimed_until = ?, attempts = attempts + 1 "
                    + "where id in (" + in + ") and (status = ? or status = ? and claimed_until < ?)", PROCESSING,
                    now.plus(properties.claimTimeout()), PENDING, PROCESSING, now);
            return jdbc.query("select id, webhook_id, webhook_type, webhook_code, link_id, external_id, request_id "
                    + "from webhook_inbox where id in (" + in + ") and status = ? order by link_id, id",
                    (rs, n) -> new InboxEvent(rs.getLong("id"), rs.getString("webhook_id"),
                            rs.getString("webhook_type"), rs.getString("webhook_code"), rs.getString("link_id"),
                            rs.getString("external_id"), rs.getString("request_id")), PROCESSING);
        });
        return claimed == null ? List.of() : claimed;
    }

    /**
     * Marks the rows of a claimed batch finished after {@code detect.route-webhook}, in one
     * transaction (a commit per row cost more CPU than routing the row on H2): each row's outcome,
     * or failed with the error when the route gave up on it (the error policy has then dead-lettered
     * the exchange). Body: the batch's exchanges, as the split of {@code detect.inbox-dispatch}
     * gathered them.
     */
    public void finish(List<Exchange> rows) {
        OffsetDateTime now = now();
        List<Object[]> finished = new ArrayList<>();
        List<Object[]> failed = new ArrayList<>();
        for (Exchange row : rows) {
            InboxEvent event = row.getMessage().getHeader("inboxEvent", InboxEvent.class);
            if (event == null) {
                // dead-lettered: the policy put the row's message back as the split handed it over
                event = row.getMessage().getBody(InboxEvent.class);
            }
            String outcome = row.getMessage().getHeader(OUTCOME_HEADER, String.class);
            Exception failure = row.getException() != null ? row.getException()
                    : row.getProperty(Exchange.EXCEPTION_CAUGHT, Exception.class);
            if (outcome == null || failure != null) {
                String error = failure == null ? "No outcome" : failure.getClass().getSimpleName() + ": " + failure.getMessage();
                log.warn("Webhook inbox row {} ({} {}) failed: {}", event.id(), event.webhookType(), event.webhookCode(), error);
                failed.add(new Object[] {FAILED, now, error.length() > 2000 ? error.substring(0, 2000) : error, event.id()});
                continue;
            }
            String status = IGNORED.equals(outcome) || outcome.startsWith(IGNORED + ":") ? IGNORED : DONE;
            if (IGNORED.equals(status)) {
                meters.counter("relink.webhooks", "result", "ignored", "cause", "none").increment();
            }
            finished.add(new Object[] {status, outcome, now, event.id()});
        }
        tx.executeWithoutResult(done -> {
            jdbc.batchUpdate("update webhook_inbox set status = ?, outcome = ?, claimed_until = null, processed_at = ? "
                    + "where id = ?", finished);
            jdbc.batchUpdate("update webhook_inbox set status = ?, claimed_until = null, processed_at = ?, error = ? "
                    + "where id = ?", failed);
        });
    }

    /**
     * Erasure: every stored webhook about the person (their external id in its columns or anywhere in its
     * payload, or one of their links), whatever its status, is deleted. A row still pending is not processed
     * any more: it would open an incident for the person again. Answers how many.
     */
    public int forget(String externalId, List<String> linkIds) {
        int deleted = jdbc.update("delete from webhook_inbox where external_id = ? or payload like ? escape '!'",
                externalId, LikePatterns.containing("\"" + externalId + "\""));
        for (int count : jdbc.batchUpdate("delete from webhook_inbox where link_id = ?",
                linkIds.stream().map(id -> new Object[] {id}).toList())) {
            deleted += Math.max(count, 0);
        }
        return deleted;
    }

    /**
     * Retention: deletes up to {@code limit} processed rows ({@code done}, {@code ignored}, {@code failed})
     * received before {@code cutoff}, payload and all; rows still to process stay. Answers how many.
     */
    public int purgeProcessedBefore(OffsetDateTime cutoff, int limit) {
        return jdbc.update("delete from webhook_inbox where id in (select id from webhook_inbox where received_at < ?"
                + " and status in (?, ?, ?) fetch first ? rows only)", cutoff, DONE, IGNORED, FAILED, limit);
    }

    /** Rows not processed yet (the backlog gauge). */
    public long backlog() {
        Long count = jdbc.queryForObject("select count(*) from webhook_inbox where status in (?, ?)", Long.class,
                PENDING, PROCESSING);
        return count == null ? 0 : count;
    }

    private OffsetDateTime now() {
        return OffsetDateTime.now(clock).truncatedTo(ChronoUnit.MICROS);
    }
}
