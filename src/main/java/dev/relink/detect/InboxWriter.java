package dev.relink.detect;

import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.context.SmartLifecycle;
import org.springframework.dao.DataAccessException;
import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.BatchPreparedStatementSetter;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.PreparedStatementCreator;
import org.springframework.jdbc.support.GeneratedKeyHolder;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

import dev.relink.detect.WebhookInbox.Stored;

/**
 * Group commit for the webhook intake: deliveries that arrive while a commit is in flight are inserted
 * together in the next transaction, so a burst costs one commit (one fsync on PostgreSQL, one file
 * write on H2) per round instead of one per webhook, and H2's single-writer store is not fought over by
 * every request thread. Each caller still waits until its own row is committed before it is answered.
 * A round that meets a repeat (a unique-key violation) is rolled back and written row by row, so one
 * duplicate never fails the others.
 */
@Component
class InboxWriter implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(InboxWriter.class);

    /** The insert, asking the database for each row's generated id. */
    private static final PreparedStatementCreator INSERT_RETURNING_ID = connection -> connection.prepareStatement(
            "insert into webhook_inbox (webhook_id, webhook_type, webhook_code, link_id, external_id, request_id, "
                    + "payload, received_at, status, attempts) values (?, ?, ?, ?, ?, ?, ?, ?, ?, 0)",
            new String[] {"id"});

    private record Pending(WebhookDelivery delivery, OffsetDateTime receivedAt, CompletableFuture<Stored> done) {
    }

    private static final int QUEUE_CAPACITY = 10_000;

    private final JdbcTemplate jdbc;
    private final TransactionTemplate tx;
    private final int maxBatch;
    private final Duration timeout;
    private final int writerCount;
    private final BlockingQueue<Pending> queue = new ArrayBlockingQueue<>(QUEUE_CAPACITY);
    private final DistributionSummary batchSizes;
    private final List<Thread> writers = new ArrayList<>();
    private volatile boolean running;

    InboxWriter(JdbcTemplate jdbc, TransactionTemplate tx, InboxProperties properties, MeterRegistry meters) {
        this.jdbc = jdbc;
        this.tx = tx;
        this.maxBatch = properties.writeBatch();
        this.timeout = properties.writeTimeout();
        this.writerCount = properties.writers();
        this.batchSizes = DistributionSummary.builder("relink.inbox.write.batch")
                .description("Webhooks committed together in one intake transaction (group commit)")
                .register(meters);
        Gauge.builder("relink.inbox.write.queue", queue, BlockingQueue::size)
                .description("Webhooks received and waiting for their commit").register(meters);
    }

    /**
     * Stores one delivery and returns once it is committed. Throws the database's exception (a
     * {@link DataAccessException}) when it could not be stored, so the caller answers 503.
     */
    Stored write(WebhookDelivery delivery, OffsetDateTime receivedAt) {
        Pending pending = new Pending(delivery, receivedAt, new CompletableFuture<>());
        if (!running || !queue.offer(pending)) {
            throw new DataAccessResourceFailureException(running ? "The intake queue is full" : "The intake is stopped");
        }
        try {
            return pending.done().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException failed) {
            throw failed.getCause() instanceof RuntimeException cause ? cause
                    : new DataAccessResourceFailureException("Could not store the webhook", failed.getCause());
        } catch (TimeoutException slow) {
            // It may still be committed later; Belvo's redelivery then meets it as a repeat (202, no change).
            throw new DataAccessResourceFailureException("The database did not commit within " + timeout);
        } catch (InterruptedException interrupted) {
            Thread.currentThread().interrupt();
            throw new DataAccessResourceFailureException("Interrupted while storing the webhook");
        }
    }

    private void run() {
        List<Pending> batch = new ArrayList<>(maxBatch);
        while (running || !queue.isEmpty()) {
            try {
                Pending first = queue.poll(100, TimeUnit.MILLISECONDS);
                if (first == null) {
                    continue;
                }
                batch.add(first);
                queue.drainTo(batch, maxBatch - 1);
                commit(batch);
            } catch (InterruptedException stop) {
                Thread.currentThread().interrupt();
                return;
            } catch (RuntimeException | Error unexpected) {
                log.error("Intake writer failed; {} waiting webhook(s) answered 503", batch.size(), unexpected);
                batch.forEach(p -> p.done().completeExceptionally(unexpected));
            } finally {
                batch.clear();
            }
        }
    }

    private void commit(List<Pending> batch) {
        batchSizes.record(batch.size());
        if (batch.size() > 1) {
            try {
                insertTogether(batch);
                return;
            } catch (DataIntegrityViolationException repeat) {
                // Most likely a repeat (rolled back): row by row tells each caller what became of its own.
            } catch (DataAccessException unavailable) {
                batch.forEach(p -> p.done().completeExceptionally(unavailable));
                return;
            }
        }
        batch.forEach(this::insertAlone);
    }

    /** All rows in one transaction, each caller told its own row's id once it is committed. */
    private void insertTogether(List<Pending> batch) {
        GeneratedKeyHolder keys = new GeneratedKeyHolder();
        tx.executeWithoutResult(status -> jdbc.batchUpdate(INSERT_RETURNING_ID, new BatchPreparedStatementSetter() {
            @Override
            public void setValues(PreparedStatement insert, int row) throws SQLException {
                bind(insert, batch.get(row));
            }

            @Override
            public int getBatchSize() {
                return batch.size();
            }
        }, keys));
        for (int i = 0; i < batch.size(); i++) {
            batch.get(i).done().complete(new Stored(id(keys.getKeyList().get(i)), false));
        }
    }

    private void insertAlone(Pending pending) {
        try {
            GeneratedKeyHolder key = new GeneratedKeyHolder();
            jdbc.update(connection -> {
                PreparedStatement insert = INSERT_RETURNING_ID.createPreparedStatement(connection);
                bind(insert, pending);
                return insert;
            }, key);
            pending.done().complete(new Stored(id(key.getKeys()), false));
        } catch (DuplicateKeyException repeat) {
            pending.done().complete(new Stored(0, true));
        } catch (DataAccessException failure) {
            pending.done().completeExceptionally(failure);
        }
    }

    /** The generated id, whatever the database calls the column in its answer (H2: ID, PostgreSQL: id). */
    private static long id(Map<String, Object> keys) {
        return ((Number) keys.values().iterator().next()).longValue();
    }

    private static void bind(PreparedStatement insert, Pending pending) throws SQLException {
        WebhookDelivery delivery = pending.delivery();
        insert.setString(1, delivery.webhookId());
        insert.setString(2, delivery.webhookType());
        insert.setString(3, delivery.webhookCode());
        insert.setString(4, delivery.linkId());
        insert.setString(5, delivery.externalId());
        insert.setString(6, delivery.requestId());
        insert.setString(7, delivery.payload());
        insert.setObject(8, pending.receivedAt());
        insert.setString(9, WebhookInbox.PENDING);
    }

    @Override
    public void start() {
        running = true;
        for (int i = 0; i < writerCount; i++) {
            Thread writer = new Thread(this::run, "relink-inbox-writer-" + i);
            writer.setDaemon(true);
            writer.start();
            writers.add(writer);
        }
    }

    /** After the web server has drained its requests (a lower phase stops later): commits what is queued. */
    @Override
    public void stop() {
        running = false;
        for (Thread writer : writers) {
            try {
                writer.join(timeout.toMillis());
            } catch (InterruptedException interrupted) {
                Thread.currentThread().interrupt();
            }
        }
        writers.clear();
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    @Override
    public int getPhase() {
        // Spring Boot's web server stops at DEFAULT_PHASE - 2048; the writer stops after it.
        return SmartLifecycle.DEFAULT_PHASE - 4096;
    }
}
