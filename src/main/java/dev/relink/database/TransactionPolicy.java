package dev.relink.database;

import org.apache.camel.Exchange;
import org.apache.camel.NamedNode;
import org.apache.camel.Processor;
import org.apache.camel.Route;
import org.apache.camel.spi.Policy;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * A route's {@code policy} step that runs its steps in one transaction ({@code batchTransaction}: a
 * claimed batch, one commit) or behind a savepoint of the batch's transaction ({@code savepoint}: one
 * item of it, undone alone when it fails). The steps fail when they end with an exception or when an
 * error policy gave up on them (and dead-lettered them): then what they wrote is rolled back.
 */
public final class TransactionPolicy implements Policy {

    private final TransactionTemplate tx;

    TransactionPolicy(TransactionTemplate tx) {
        this.tx = tx;
    }

    @Override
    public void beforeWrap(Route route, NamedNode definition) {
        // nothing to prepare
    }

    @Override
    public Processor wrap(Route route, Processor steps) {
        return exchange -> tx.executeWithoutResult(status -> {
            try {
                steps.process(exchange);
            } catch (Exception failed) {
                exchange.setException(failed);
            }
            if (failed(exchange)) {
                status.setRollbackOnly();
            }
        });
    }

    private static boolean failed(Exchange exchange) {
        return exchange.getException() != null || exchange.isRollbackOnly()
                || exchange.getExchangeExtension().isErrorHandlerHandledSet()
                        && exchange.getExchangeExtension().isErrorHandlerHandled();
    }
}
