package dev.relink.database;

import org.apache.camel.Exchange;
import org.apache.camel.ProducerTemplate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * Hands a message to another flow (a queue, the re-checks' grouping) once the batch's transaction has
 * committed: the other flow runs on its own threads and must see what the batch wrote, and nothing
 * outside the database (a Belvo read, an email) may start for work that is then rolled back. Outside
 * a transaction the message goes at once.
 */
@Component("afterCommit")
public class AfterCommit {

    private static final Logger LOG = LoggerFactory.getLogger(AfterCommit.class);

    private final ProducerTemplate producer;

    AfterCommit(ProducerTemplate producer) {
        this.producer = producer;
    }

    /** Sends a copy of the exchange to {@code uri} after the commit; never when the transaction rolls back. */
    public void to(String uri, Exchange exchange) {
        Exchange copy = exchange.copy();
        if (!TransactionSynchronizationManager.isSynchronizationActive()) {
            Exchange sent = producer.send(uri, copy);
            if (sent.getException() != null) {
                exchange.setException(sent.getException()); // the caller's error policy handles it
            }
            return;
        }
        TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
            @Override
            public void afterCommit() {
                send(uri, copy);
            }
        });
    }

    /** After a commit nothing can be undone: a failure is logged, the committed batch stands. */
    private void send(String uri, Exchange copy) {
        Exchange sent = producer.send(uri, copy);
        if (sent.getException() != null) {
            LOG.error("Could not hand a message to {} after its batch committed", uri, sent.getException());
        }
    }
}
